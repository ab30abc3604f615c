// E-mail addresses compared as mailboxes: case, +tags and (at Gmail) dots do not make another mailbox.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { domainOf, mailboxOf, sameDomain, sameMailbox } from '../../src/services/addresses.ts';

const localChar = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-'.split(''),
);
const word = fc.array(localChar, { minLength: 1, maxLength: 12 }).map((cs) => cs.join(''));
/** A local part without "+": words joined by single dots. */
const local = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join('.'));
const tag = fc
  .array(fc.oneof(localChar, fc.constant('.'), fc.constant('+')), { maxLength: 10 })
  .map((cs) => cs.join(''));
const domain = fc.constantFrom('example.org', 'Example.ORG', 'outlook.com', 'icloud.com', 'uni.example.edu');
const gmail = fc.constantFrom('gmail.com', 'GMail.com', 'googlemail.com', 'GoogleMail.COM');
const mixCase = (s: string, flips: boolean[]) =>
  [...s].map((c, i) => (flips[i % Math.max(flips.length, 1)] ? c.toUpperCase() : c.toLowerCase())).join('');

test('a mailbox is its own mailbox, whatever the case', () => {
  fc.assert(
    fc.property(local, fc.oneof(domain, gmail), fc.array(fc.boolean(), { minLength: 1 }), (l, d, flips) => {
      const address = `${l}@${d}`;
      assert.equal(mailboxOf(mailboxOf(address)), mailboxOf(address));
      assert.equal(mailboxOf(mixCase(address, flips)), mailboxOf(address));
      assert.equal(mailboxOf(address), mailboxOf(address).toLowerCase());
    }),
  );
});

test('a +tag reaches the same mailbox, at every domain', () => {
  fc.assert(
    fc.property(local, tag, fc.oneof(domain, gmail), (l, t, d) => {
      assert.ok(sameMailbox(`${l}+${t}@${d}`, `${l}@${d}`));
    }),
  );
});

test('at Gmail, dots do not matter and googlemail.com is gmail.com', () => {
  fc.assert(
    fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), gmail, gmail, (words, d1, d2) => {
      assert.ok(sameMailbox(words.join('.') + `@${d1}`, words.join('') + `@${d2}`));
      assert.equal(domainOf(`x@${d1}`), 'gmail.com');
    }),
  );
});

test('elsewhere, a dot makes another mailbox', () => {
  fc.assert(
    fc.property(word, word, domain, (a, b, d) => {
      assert.ok(!sameMailbox(`${a}.${b}@${d}`, `${a}${b}@${d}`));
    }),
  );
});

test('different local parts or domains are different mailboxes', () => {
  assert.ok(!sameMailbox('ann@example.org', 'anne@example.org'));
  assert.ok(!sameMailbox('ann@example.org', 'ann@example.com'));
  assert.equal(mailboxOf(' Ann.Lee+Ref@GoogleMail.com '), 'annlee@gmail.com');
});

test('the domain, compared without case; Gmail has two names', () => {
  assert.ok(sameDomain('a@Example.org', 'b@example.ORG'));
  assert.ok(sameDomain('a@googlemail.com', 'b@gmail.com'));
  assert.ok(!sameDomain('a@example.org', 'b@mail.example.org'));
  assert.ok(!sameDomain('no-at-sign', 'also-none'));
});
