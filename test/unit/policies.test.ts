// The authorization matrix at the policy level: every action × every role ×
// own / other person's / other association's data, each expected allow or deny.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type Action,
  type Actor,
  actions,
  can,
  type Resource,
  type Role,
  roles,
} from '../../src/policies/index.ts';

const HERE = 'assoc-here';
const ELSEWHERE = 'assoc-elsewhere';
const ME = 'user-me';
const SOMEONE = 'user-someone';

const actorWith = (role: Role | 'site-admin' | 'none'): Actor => ({
  userId: ME,
  isSiteAdmin: role === 'site-admin',
  roles: new Map(role === 'site-admin' || role === 'none' ? [] : [[HERE, new Set<Role>([role])]]),
});

/** The three situations: my own data, another person's in my association, another association's. */
const situations: Record<'own' | 'other' | 'other-association', Resource> = {
  own: { associationId: HERE, ownerId: ME, ownerAssociationIds: [HERE] },
  other: { associationId: HERE, ownerId: SOMEONE, ownerAssociationIds: [HERE] },
  'other-association': { associationId: ELSEWHERE, ownerId: SOMEONE, ownerAssociationIds: [ELSEWHERE] },
};

type Who = Role | 'site-admin' | 'none';
const everyone: Who[] = [...roles, 'site-admin', 'none'];
const caseworkers: Who[] = ['advisor', 'reviewer', 'exam-scorer', 'coordinator', 'admin'];

/** Who is allowed, per action and situation. Anything not listed is denied. */
const expected: Record<Action, Partial<Record<keyof typeof situations, Who[]>>> = {
  'association.list': { own: ['site-admin'], other: ['site-admin'], 'other-association': ['site-admin'] },
  'association.create': { own: ['site-admin'], other: ['site-admin'], 'other-association': ['site-admin'] },
  'association.update': { own: ['site-admin'], other: ['site-admin'], 'other-association': ['site-admin'] },
  'association.view': {
    own: [...roles, 'site-admin'],
    other: [...roles, 'site-admin'],
    'other-association': ['site-admin'],
  },
  'people.read': {
    own: ['admin', 'site-admin'],
    other: ['admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'role.assign': {
    own: ['admin', 'site-admin'],
    other: ['admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'apiToken.manage': {
    own: ['admin', 'site-admin'],
    other: ['admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'catalog.update': {
    own: ['admin', 'site-admin'],
    other: ['admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'application.create': { own: everyone, other: everyone, 'other-association': everyone },
  'application.list': {
    own: ['coordinator', 'admin', 'site-admin'],
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'application.read': {
    own: everyone,
    other: [...caseworkers, 'site-admin'],
    'other-association': ['site-admin'],
  },
  'application.history': {
    own: ['coordinator', 'admin', 'site-admin'],
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'portfolio.read': {
    own: everyone,
    other: [...caseworkers, 'site-admin'],
    'other-association': ['site-admin'],
  },
  'portfolio.update': { own: everyone },
  // Never the applicant's own references, whatever role they hold.
  'reference.readContent': {
    other: ['reviewer', 'coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'reviewer.assign': {
    own: ['coordinator', 'admin', 'site-admin'],
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
  'payment.record': {
    own: ['coordinator', 'admin', 'site-admin'],
    other: ['coordinator', 'admin', 'site-admin'],
    'other-association': ['site-admin'],
  },
};

describe('authorization matrix (policy)', () => {
  for (const action of actions) {
    test(action, () => {
      for (const who of everyone) {
        for (const [situation, resource] of Object.entries(situations) as Array<
          [keyof typeof situations, Resource]
        >) {
          const allowed = (expected[action][situation] ?? []).includes(who);
          assert.equal(can(actorWith(who), action, resource), allowed, `${who} / ${situation} / ${action}`);
        }
      }
    });
  }

  test('no one is allowed anything without signing in', () => {
    for (const action of actions) assert.equal(can(undefined, action, situations.own), false, action);
  });

  test('an API token acts only inside its association, and never as site administrator', () => {
    const token: Actor = { ...actorWith('admin'), isSiteAdmin: true, tokenAssociationId: HERE };
    assert.equal(can(token, 'people.read', { associationId: HERE }), true);
    assert.equal(can(token, 'people.read', { associationId: ELSEWHERE }), false);
    assert.equal(can(token, 'association.create'), false);
    assert.equal(can(token, 'portfolio.update', situations.own), false);
  });

  test('roles in one association give nothing in another', () => {
    const both: Actor = {
      userId: ME,
      isSiteAdmin: false,
      roles: new Map([
        [ELSEWHERE, new Set<Role>(['applicant'])],
        [HERE, new Set<Role>(['coordinator'])],
      ]),
    };
    assert.equal(can(both, 'application.list', { associationId: HERE }), true);
    assert.equal(can(both, 'application.list', { associationId: ELSEWHERE }), false);
  });
});
