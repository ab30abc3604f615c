// Property tests of the application's state machine against the diagram of
// issue 9, written out here by hand (not read from the module):
//   draft → submitted → in review → approved | more information requested | deferred | on hold | declined;
//   more information requested → resubmitted → in review; withdrawn by the applicant before a decision;
// and issue 10's exam: approved → awaiting exam → exam passed | exam failed; exam failed → awaiting exam
// (a retake), exam passed (rescored) or declined; withdrawn while the exam is still to pass.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type ApplicationState,
  applicationStates,
  checkStep,
  closedStates,
  mayTake,
  type Party,
  parties,
  stepsFrom,
  type TransitionFacts,
  type TransitionName,
  transitionNames,
} from '../../../src/domain/application-lifecycle.ts';

type Edge = { step: TransitionName; from: ApplicationState; to: ApplicationState; by: Party[] };

const beforeDecision: ApplicationState[] = [
  'draft',
  'submitted',
  'in-review',
  'more-information-requested',
  'resubmitted',
  'on-hold',
  'awaiting-exam',
  'exam-failed',
];
/** The coordinator decides at any point of review (and of a pause); the review only in review. */
const decidedFrom: ApplicationState[] = ['submitted', 'in-review', 'resubmitted', 'on-hold'];

const decision = (step: TransitionName, to: ApplicationState, review: boolean, from = decidedFrom): Edge[] =>
  from.map((f) => ({
    step,
    from: f,
    to,
    by: review && f === 'in-review' ? ['coordinator', 'review'] : ['coordinator'],
  }));

/** Every edge the diagram allows, with who takes it. */
const allowed: Edge[] = [
  { step: 'submit', from: 'draft', to: 'submitted', by: ['applicant'] },
  { step: 'start-review', from: 'submitted', to: 'in-review', by: ['coordinator'] },
  { step: 'start-review', from: 'resubmitted', to: 'in-review', by: ['coordinator'] },
  ...decision('approve', 'approved', true),
  ...decision('request-information', 'more-information-requested', true),
  ...decision('defer', 'deferred', true),
  ...decision('hold', 'on-hold', true, ['submitted', 'in-review', 'resubmitted']),
  ...decision('decline', 'declined', false, [...decidedFrom, 'exam-failed']),
  { step: 'resume', from: 'on-hold', to: 'in-review', by: ['coordinator'] },
  { step: 'resubmit', from: 'more-information-requested', to: 'resubmitted', by: ['applicant'] },
  ...beforeDecision.map((from): Edge => ({ step: 'withdraw', from, to: 'withdrawn', by: ['applicant'] })),
  { step: 'register-exam', from: 'approved', to: 'awaiting-exam', by: ['coordinator', 'applicant'] },
  { step: 'pass-exam', from: 'awaiting-exam', to: 'exam-passed', by: ['exam'] },
  // A discounted item may rescore a fail as a pass; a pass is never rescored as a fail.
  { step: 'pass-exam', from: 'exam-failed', to: 'exam-passed', by: ['exam'] },
  { step: 'fail-exam', from: 'awaiting-exam', to: 'exam-failed', by: ['exam'] },
  { step: 'retake-exam', from: 'exam-failed', to: 'awaiting-exam', by: ['coordinator', 'applicant'] },
  // Issue 11: the coordinator finalizes an approved application (or one whose exam is passed).
  { step: 'finalize', from: 'approved', to: 'endorsed', by: ['coordinator'] },
  { step: 'finalize', from: 'exam-passed', to: 'endorsed', by: ['coordinator'] },
];
const allowedEdge = (step: TransitionName, from: string, by: Party) =>
  allowed.find((e) => e.step === step && e.from === from && e.by.includes(by));

/** Facts under which every guard lets the step through. */
const enough: TransitionFacts = {
  blockers: 0,
  reviewers: 2,
  reason: 'the portfolio is complete',
  request: { text: 'Add the RSC log for 2016.', dueOn: '2027-01-31' },
  examRequired: true,
  unmet: [],
};

const stepArb = fc.record({
  step: fc.constantFrom(...transitionNames),
  by: fc.constantFrom(...parties),
});

describe('application lifecycle', () => {
  test('no sequence of steps leaves the diagram', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        let state: ApplicationState = 'draft';
        for (const { step, by } of steps) {
          const result = checkStep(step, state, by, enough);
          const edge = allowedEdge(step, state, by);
          if (!edge) {
            assert.equal(result.ok, false, `${by} ${step} from ${state} must be refused`);
            continue;
          }
          assert.deepEqual(result, { ok: true, to: edge.to }, `${by} ${step} from ${state}`);
          state = edge.to;
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('every step, party and state: allowed exactly as the diagram says', () => {
    for (const step of transitionNames)
      for (const by of parties)
        for (const from of applicationStates) {
          const edge = allowedEdge(step, from, by);
          assert.equal(mayTake(step, from, by), !!edge, `${by} ${step} from ${from}`);
          const result = checkStep(step, from, by, enough);
          if (edge) assert.deepEqual(result, { ok: true, to: edge.to });
          else assert.equal(!result.ok && result.code, 'APPLICATION_STATE_FORBIDS');
        }
  });

  test('every state is reachable from draft', () => {
    const seen = new Set<string>(['draft']);
    for (let frontier: string[] = ['draft']; frontier.length > 0;) {
      const next: string[] = [];
      for (const state of frontier)
        for (const by of parties)
          for (const step of stepsFrom(state, by)) {
            const result = checkStep(step, state, by, enough);
            if (result.ok && !seen.has(result.to)) {
              seen.add(result.to);
              next.push(result.to);
            }
          }
      frontier = next;
    }
    assert.deepEqual([...seen].sort(), [...applicationStates].sort());
  });

  test('closed states have no way out', () => {
    assert.deepEqual([...closedStates].sort(), ['declined', 'deferred', 'endorsed', 'withdrawn']);
    for (const state of closedStates)
      for (const by of parties) assert.deepEqual(stepsFrom(state, by), [], `${by} from ${state}`);
  });

  test('the exam acts only on an application awaiting it (or failed, to rescore it a pass)', () => {
    for (const state of applicationStates)
      if (state !== 'awaiting-exam' && state !== 'exam-failed')
        assert.deepEqual(stepsFrom(state, 'exam'), [], state);
    assert.deepEqual(stepsFrom('awaiting-exam', 'exam').sort(), ['fail-exam', 'pass-exam']);
    assert.deepEqual(stepsFrom('exam-failed', 'exam'), ['pass-exam']);
  });

  test('the review acts only from in review', () => {
    for (const state of applicationStates)
      if (state !== 'in-review') assert.deepEqual(stepsFrom(state, 'review'), [], state);
    assert.deepEqual(stepsFrom('in-review', 'review').sort(), [
      'approve',
      'defer',
      'hold',
      'request-information',
    ]);
  });

  describe('guards refuse what they must', () => {
    const blocked = (step: TransitionName, from: string, by: Party, facts: TransitionFacts) => {
      const result = checkStep(step, from, by, facts);
      assert.equal(result.ok, false, `${step} with ${JSON.stringify(facts)}`);
      assert.equal(!result.ok && result.code, 'APPLICATION_STEP_BLOCKED');
      return !result.ok ? result.message : '';
    };

    test('submitting with unmet requirements', () => {
      assert.match(blocked('submit', 'draft', 'applicant', { blockers: 1 }), /one requirement is not met/);
      assert.match(blocked('submit', 'draft', 'applicant', { blockers: 3 }), /3 requirements are not met/);
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 200 }), (n) => {
          blocked('submit', 'draft', 'applicant', { blockers: n });
        }),
      );
    });

    test('starting the review with fewer than two reviewers', () => {
      for (const reviewers of [undefined, 0, 1])
        for (const from of ['submitted', 'resubmitted'])
          assert.match(
            blocked('start-review', from, 'coordinator', reviewers === undefined ? {} : { reviewers }),
            /two reviewers/,
          );
      assert.equal(checkStep('start-review', 'submitted', 'coordinator', { reviewers: 3 }).ok, true);
    });

    test("a coordinator's decision without a reason; the review's needs none", () => {
      for (const step of ['approve', 'defer', 'hold', 'decline'] as const)
        for (const reason of [undefined, '', '   \n'])
          assert.match(
            blocked(step, 'in-review', 'coordinator', reason === undefined ? {} : { reason }),
            /a reason is needed/,
          );
      for (const step of ['approve', 'defer', 'hold'] as const)
        assert.equal(checkStep(step, 'in-review', 'review', {}).ok, true, step);
    });

    test('registering for an exam the credential does not ask for; a retake the rules do not allow yet', () => {
      for (const by of ['coordinator', 'applicant'] as const) {
        assert.match(
          blocked('register-exam', 'approved', by, { examRequired: false }),
          /no written examination/,
        );
        assert.match(
          blocked('retake-exam', 'exam-failed', by, {
            retakeBlocker: 'the next attempt opens on 2027-03-01',
          }),
          /2027-03-01/,
        );
        assert.equal(checkStep('retake-exam', 'exam-failed', by, {}).ok, true);
      }
    });

    test('finalizing before the requirements are checked, or with one unmet', () => {
      for (const from of ['approved', 'exam-passed']) {
        assert.match(blocked('finalize', from, 'coordinator', {}), /checked first/);
        assert.match(
          blocked('finalize', from, 'coordinator', { unmet: ['pass the written examination'] }),
          /not every requirement is met: pass the written examination/,
        );
        assert.equal(checkStep('finalize', from, 'coordinator', { unmet: [] }).ok, true);
      }
    });

    test('a request for more information without text or date', () => {
      for (const by of ['coordinator', 'review'] as const) {
        assert.match(blocked('request-information', 'in-review', by, {}), /say what the applicant is asked/);
        assert.match(
          blocked('request-information', 'in-review', by, { request: { text: ' ', dueOn: '2027-01-31' } }),
          /say what the applicant is asked/,
        );
        for (const dueOn of ['', 'next week', '31/01/2027'])
          assert.match(
            blocked('request-information', 'in-review', by, { request: { text: 'More RSC', dueOn } }),
            /the date a response is due/,
          );
      }
    });

    test('a refused state is refused before any guard', () => {
      const result = checkStep('approve', 'draft', 'coordinator', {});
      assert.equal(!result.ok && result.code, 'APPLICATION_STATE_FORBIDS');
    });
  });
});
