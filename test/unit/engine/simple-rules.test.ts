import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PortfolioInput } from '../../../src/engine/portfolio.ts';
import { evaluate } from '../../../src/index.ts';
import { member, portfolio, requirement } from '../../helpers/portfolio.ts';

const statusOf = (p: PortfolioInput, association: string, credential: string, on: string, id: string) =>
  requirement(evaluate(p, { association, credential, on }), id).status;

describe('membership (reading 8)', () => {
  const mi = (memberships: ReturnType<typeof member>[], on: string) =>
    statusOf(portfolio({ memberships }), 'mi-aimh', 'IMHS', on, 'membership');

  test('a membership whose dates cover the evaluation date, both ends included', () => {
    const year = [member('mi-aimh', '2026-01-01', '2026-12-31')];
    assert.equal(mi(year, '2026-01-01'), 'met');
    assert.equal(mi(year, '2026-12-31'), 'met');
    assert.equal(mi(year, '2025-12-31'), 'unmet');
    assert.equal(mi(year, '2027-01-01'), 'unmet');
  });

  test('an open membership covers every date from its start', () => {
    assert.equal(mi([member('mi-aimh', '2020-01-01', null)], '2035-06-01'), 'met');
    assert.equal(mi([member('mi-aimh', '2020-01-01', null)], '2019-12-31'), 'unmet');
  });

  test('"MI-AIMH or another infant mental health association"', () => {
    assert.equal(mi([member('ct-aimh', '2026-01-01', '2026-12-31')], '2026-06-01'), 'met');
    assert.equal(mi([member('tx-aimh', '2026-01-01', '2026-12-31')], '2026-06-01'), 'met');
  });

  /** The membership rule of `association`'s `credential` on 2026-06-01, for a 2026 membership in `of`. */
  const memberIn2026 = (association: string, credential: string) => (of: string) =>
    statusOf(
      portfolio({ memberships: [member(of, '2026-01-01', '2026-12-31')] }),
      association,
      credential,
      '2026-06-01',
      'membership',
    );

  test('NCIMHA asks membership in NCIMHA itself', () => {
    const nc = memberIn2026('ncimha', 'IMHS');
    assert.equal(nc('mi-aimh'), 'unmet');
    assert.equal(nc('ncimha'), 'met');
  });

  test('the Competency Guidelines ask membership in "the" association, with no "or another" (004)', () => {
    const alliance = memberIn2026('alliance', 'IMHM-P');
    assert.equal(alliance('ncimha'), 'unmet');
    assert.equal(alliance('alliance'), 'met');
  });

  test('no membership at all', () => {
    assert.equal(mi([], '2026-06-01'), 'unmet');
  });
});

describe('agreements (reading 9): both signed on or before the evaluation date', () => {
  const mi = (agreements: PortfolioInput['agreements'], on = '2026-06-01') =>
    statusOf(portfolio({ agreements }), 'mi-aimh', 'IMHS', on, 'agreements');

  test('both signed on the evaluation date', () => {
    assert.equal(mi({ codeOfEthics: '2026-06-01', endorsementAgreement: '2026-06-01' }), 'met');
  });

  test('one signed the day after the evaluation date', () => {
    assert.equal(mi({ codeOfEthics: '2026-06-01', endorsementAgreement: '2026-06-02' }), 'unmet');
    assert.equal(mi({ codeOfEthics: '2026-06-02', endorsementAgreement: '2026-06-01' }), 'unmet');
  });

  test('one not signed', () => {
    assert.equal(mi({ codeOfEthics: '2026-01-01' }), 'unmet');
    assert.equal(mi({ codeOfEthics: '2026-01-01', endorsementAgreement: null }), 'unmet');
    assert.equal(mi(undefined), 'unmet');
  });
});

describe('written examination', () => {
  const mi = (exam: PortfolioInput['exam'], on = '2026-06-01') =>
    statusOf(portfolio({ exam }), 'mi-aimh', 'IMHS', on, 'exam');

  test('passed on or before the evaluation date', () => {
    assert.equal(mi({ passed: true, date: '2026-06-01' }), 'met');
    assert.equal(mi({ passed: true, date: '2020-01-01' }), 'met');
  });

  test('not passed, not taken, or taken after the evaluation date', () => {
    assert.equal(mi({ passed: false, date: '2026-01-01' }), 'unmet');
    assert.equal(mi(null), 'unmet');
    assert.equal(mi(undefined), 'unmet');
    assert.equal(mi({ passed: true, date: '2026-06-02' }), 'unmet');
  });

  test('a credential without an exam has no exam requirement (MI-AIMH IFS)', () => {
    const result = evaluate(portfolio(), { association: 'mi-aimh', credential: 'IFS', on: '2026-06-01' });
    assert.equal(
      result.requirements.some((r) => r.kind === 'exam'),
      false,
    );
  });
});
