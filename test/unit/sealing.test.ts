// What Endorse seals it opens again with the same purpose and secret, and
// never with another purpose, another secret, or after a change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { seal, unseal } from '../../src/services/sealing.ts';

test('sealed text opens only with its purpose and secret, unaltered', () => {
  fc.assert(
    fc.property(fc.string(), fc.string({ minLength: 1 }), (text, secret) => {
      const sealed = seal('association-key', secret, text);
      assert.equal(unseal('association-key', secret, sealed), text);
      assert.equal(unseal('reference-link', secret, sealed), undefined);
      assert.equal(unseal('association-key', `${secret}x`, sealed), undefined);
      const raw = Buffer.from(sealed, 'base64url');
      raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
      assert.equal(unseal('association-key', secret, raw.toString('base64url')), undefined);
    }),
    { numRuns: 200 },
  );
});
