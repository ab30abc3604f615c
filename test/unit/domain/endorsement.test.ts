// The endorsement's own states, written out by hand from issues 11 and 12; the
// registry's rule; the association's did:web and where it resolves.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  associationDid,
  didDocumentUrl,
  endorsementMove,
  endorsementStatuses,
  endorsementSteps,
  listedInRegistry,
  validNow,
} from '../../../src/domain/endorsement.ts';

const expected: Record<string, Record<string, string>> = {
  suspend: { active: 'suspended' },
  reinstate: { suspended: 'active' },
  revoke: { active: 'revoked', suspended: 'revoked' },
  transfer: { active: 'transferred' },
  lapse: { active: 'lapsed', inactive: 'lapsed' },
  pause: { active: 'inactive' },
  restore: { lapsed: 'active', inactive: 'active' },
};

describe('endorsement', () => {
  test('every step from every status goes where the issue says, or nowhere', () => {
    for (const step of endorsementSteps)
      for (const status of endorsementStatuses)
        assert.equal(endorsementMove(step, status), expected[step]![status], `${step} from ${status}`);
  });

  test('a revocation is final', () => {
    for (const step of endorsementSteps) assert.equal(endorsementMove(step, 'revoked'), undefined);
  });

  test('the registry lists only active endorsements whose endorsee is listed', () => {
    for (const status of endorsementStatuses)
      for (const listed of [true, false])
        assert.equal(
          listedInRegistry({ status, listed }),
          status === 'active' && listed,
          `${status} ${listed}`,
        );
  });

  test('valid now: active and within its dates', () => {
    const e = { validFrom: '2026-12-01T00:00:00Z', validUntil: '2027-12-01T00:00:00Z' };
    assert.equal(validNow({ ...e, status: 'active' }, '2027-01-01T00:00:00Z'), true);
    assert.equal(validNow({ ...e, status: 'active' }, '2028-01-01T00:00:00Z'), false);
    assert.equal(validNow({ ...e, status: 'active' }, '2026-11-30T23:59:59Z'), false);
    assert.equal(validNow({ ...e, status: 'suspended' }, '2027-01-01T00:00:00Z'), false);
  });

  test('did:web of an association, with and without a port, and where it resolves', () => {
    assert.equal(
      associationDid('https://endorse.example.org', 'mi-aimh'),
      'did:web:endorse.example.org:associations:mi-aimh',
    );
    assert.equal(
      associationDid('http://localhost:3000', 'mi-aimh'),
      'did:web:localhost%3A3000:associations:mi-aimh',
    );
    assert.equal(
      didDocumentUrl('did:web:endorse.example.org:associations:mi-aimh'),
      'https://endorse.example.org/associations/mi-aimh/did.json',
    );
    assert.equal(
      didDocumentUrl('did:web:localhost%3A3000:associations:mi-aimh'),
      'https://localhost:3000/associations/mi-aimh/did.json',
    );
  });
});
