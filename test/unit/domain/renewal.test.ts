// The renewal year as a function of the calendar: due dates (anniversary or
// a fixed day), phases, lapse, the late fee, reminders owed (a missed day
// catches up once, never twice), inactive pauses and the years missed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  addDays,
  firstDueOn,
  inactivePauseRefusal,
  lapsesOn,
  lateOn,
  isDay,
  nextDueAfter,
  nextDueOn,
  drawnForAudit,
  auditPassed,
  effectiveDueOn,
  renewalStanding,
  remindersOwed,
  renewalPhase,
  renewalYearOf,
  yearsMissed,
} from '../../../src/domain/renewal.ts';

const settings = {
  dueDay: 'anniversary' as const,
  remindBefore: [60, 30, 7],
  remindAfter: [1, 14],
  graceDays: 30,
  inactiveLimitDays: 365,
};

describe('due dates', () => {
  test('the anniversary: a year on; 29 February falls on 28 February', () => {
    assert.equal(firstDueOn(settings, '2026-12-01'), '2027-12-01');
    assert.equal(firstDueOn(settings, '2028-02-29'), '2029-02-28');
  });
  test('a fixed day: the first one at least a year after the grant', () => {
    const dec31 = { dueDay: '12-31' as const };
    assert.equal(firstDueOn(dec31, '2026-12-01'), '2027-12-31');
    assert.equal(firstDueOn(dec31, '2026-01-01'), '2027-12-31');
    assert.equal(firstDueOn(dec31, '2026-12-31'), '2027-12-31');
    assert.equal(firstDueOn({ dueDay: '02-29' as `${number}-${number}` }, '2026-03-01'), '2028-02-29');
  });
  test('renewing moves the due date a year, late or not; the year judged ends on the due date', () => {
    assert.equal(nextDueOn('2027-12-01'), '2028-12-01');
    assert.deepEqual(renewalYearOf('2027-12-01'), { from: '2026-12-02', to: '2027-12-01' });
  });
  test('a fixed day is never less than a year after the grant (any grant date)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }),
        (d) => {
          const granted = d.toISOString().slice(0, 10);
          const due = firstDueOn({ dueDay: '12-31' }, granted);
          assert.ok(due.endsWith('-12-31'));
          assert.ok(due >= addDays(granted, 364) && due <= addDays(granted, 731), `${granted} → ${due}`);
        },
      ),
    );
  });
});

describe('phases, lapse and the late fee', () => {
  const due = '2027-12-01';
  test('not due, due from the first reminder, grace after the due date, lapsed after grace', () => {
    assert.equal(renewalPhase(settings, due, '2027-10-01'), 'not-due');
    assert.equal(renewalPhase(settings, due, '2027-10-02'), 'due');
    assert.equal(renewalPhase(settings, due, due), 'due');
    assert.equal(renewalPhase(settings, due, '2027-12-02'), 'grace');
    assert.equal(renewalPhase(settings, due, '2027-12-31'), 'grace');
    assert.equal(renewalPhase(settings, due, '2028-01-01'), 'lapsed');
    assert.equal(lapsesOn(settings, due), '2028-01-01');
  });
  test('the late fee from the day after the due date', () => {
    assert.equal(lateOn(due, due), false);
    assert.equal(lateOn(due, '2027-12-02'), true);
  });
  test('no grace: lapsed the day after', () => {
    assert.equal(renewalPhase({ ...settings, graceDays: 0 }, due, '2027-12-02'), 'lapsed');
  });
});

describe('reminders owed', () => {
  const due = '2027-12-01';
  test('each on its day, once', () => {
    assert.deepEqual(remindersOwed(settings, due, '2027-10-01', []), []);
    assert.deepEqual(remindersOwed(settings, due, '2027-10-02', []), [-60]);
    assert.deepEqual(remindersOwed(settings, due, '2027-10-03', [-60]), []);
    assert.deepEqual(remindersOwed(settings, due, '2027-11-01', [-60]), [-30]);
    assert.deepEqual(remindersOwed(settings, due, '2027-12-02', [-60, -30, -7]), [1]);
    assert.deepEqual(remindersOwed(settings, due, '2028-01-01', [-60, -30, -7, 1, 14]), []);
  });
  test('after days missed, only the latest: and never the ones skipped', () => {
    assert.deepEqual(remindersOwed(settings, due, '2027-11-28', []), [-7]);
    assert.deepEqual(remindersOwed(settings, due, '2027-11-29', [-7]), []);
  });
  test('none once lapsed; an after-reminder beyond the grace period is never sent', () => {
    assert.deepEqual(remindersOwed(settings, due, '2028-02-01', []), []);
    assert.deepEqual(remindersOwed({ ...settings, graceDays: 10 }, due, '2027-12-11', [-60, -30, -7, 1]), []);
  });
  test('over any calendar, each reminder goes at most once and in order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 60 }), (days) => {
        const sent: number[] = [];
        for (const d of [...new Set(days)].sort((a, b) => a - b)) {
          const on = addDays('2027-09-15', d);
          sent.push(...remindersOwed(settings, due, on, sent));
        }
        assert.deepEqual(
          sent,
          [...new Set(sent)].sort((a, b) => a - b),
        );
      }),
    );
  });
});

describe('inactive pauses and the years missed', () => {
  test('up to the limit; none where the association allows none', () => {
    assert.equal(inactivePauseRefusal(settings, '2027-01-01', '2027-12-31'), undefined);
    assert.equal(inactivePauseRefusal(settings, '2027-01-01', '2028-01-01'), 'too-long');
    assert.equal(inactivePauseRefusal(settings, '2027-02-01', '2027-01-01'), 'ends-before-it-starts');
    assert.equal(
      inactivePauseRefusal({ inactiveLimitDays: undefined }, '2027-01-01', '2027-01-02'),
      'not-allowed',
    );
  });
  test('after a reinstatement the cycle resumes at the first due date still ahead', () => {
    assert.equal(nextDueAfter('2026-12-01', '2028-12-15'), '2029-12-01');
    assert.equal(nextDueAfter('2026-12-01', '2026-11-30'), '2026-12-01');
    assert.equal(nextDueAfter('2026-12-01', '2026-12-01'), '2027-12-01');
  });
  test('every renewal year since the due date missed', () => {
    assert.deepEqual(yearsMissed('2026-12-01', '2028-12-15'), [
      { from: '2025-12-02', to: '2026-12-01' },
      { from: '2026-12-02', to: '2027-12-01' },
      { from: '2027-12-02', to: '2028-12-01' },
    ]);
  });
});

describe('renewal records and the year standing', () => {
  test('an extension moves the due date that counts on, never back', () => {
    assert.equal(effectiveDueOn('2027-12-01', undefined), '2027-12-01');
    assert.equal(effectiveDueOn('2027-12-01', '2028-01-31'), '2028-01-31');
    assert.equal(effectiveDueOn('2027-12-01', '2027-11-01'), '2027-12-01');
  });
  test('the audit share: 0% never, 100% always, 5% below the draw of 0.05', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (draw) => {
        assert.equal(drawnForAudit(0, draw), false);
        assert.equal(drawnForAudit(100, draw), true);
        assert.equal(drawnForAudit(5, draw), draw < 0.05);
      }),
    );
  });
  test('an audit passes when every entry claimed is accepted, and not with none', () => {
    assert.equal(auditPassed([{ decision: 'accepted' }, { decision: 'accepted' }]), true);
    assert.equal(auditPassed([{ decision: 'accepted' }, { decision: 'pending' }]), false);
    assert.equal(auditPassed([{ decision: 'rejected' }]), false);
    assert.equal(auditPassed([]), false);
  });
  test('standing: the record first, then the status, then the phase and the checklist', () => {
    const base = { status: 'active', renewal: undefined, phase: 'due' as const, checklistMet: false };
    assert.equal(renewalStanding(base), 'due-missing');
    assert.equal(renewalStanding({ ...base, checklistMet: true }), 'due-met');
    assert.equal(renewalStanding({ ...base, phase: 'not-due', checklistMet: true }), 'due-met');
    assert.equal(renewalStanding({ ...base, phase: 'grace' }), 'grace');
    assert.equal(renewalStanding({ ...base, renewal: { kind: 'renewal', status: 'renewed' } }), 'renewed');
    assert.equal(renewalStanding({ ...base, renewal: { kind: 'renewal', status: 'audit' } }), 'audited');
    assert.equal(renewalStanding({ ...base, status: 'lapsed' }), 'lapsed');
    assert.equal(
      renewalStanding({ ...base, status: 'lapsed', renewal: { kind: 'reinstatement', status: 'requested' } }),
      'lapsed',
    );
    assert.equal(renewalStanding({ ...base, status: 'inactive' }), 'inactive');
    for (const status of ['suspended', 'revoked', 'transferred'])
      assert.equal(renewalStanding({ ...base, status }), undefined, status);
  });
});

describe('days of the calendar', () => {
  test('a real day as YYYY-MM-DD, and nothing else', () => {
    for (const day of ['2027-02-28', '2028-02-29', '2027-12-31']) assert.equal(isDay(day), true, day);
    for (const text of [
      '2027-02-29',
      '2027-02-30',
      '2027-13-01',
      '2027-1-01',
      'soon',
      '',
      '2027-12-31T00:00',
    ])
      assert.equal(isDay(text), false, text);
  });
});
