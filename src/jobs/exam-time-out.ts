// The `exam-time-out` job, queued for the moment an attempt's time is up:
// submits it as it stands, and any other attempt past its end (the sweep
// catches one whose job was lost). A repeat finds them submitted already.
import type { Services } from '../services/context.ts';
import { EXAM_TIME_OUT_JOB, submitTimedOut } from '../services/exam-taking.ts';
import type { JobRunner } from './queue.ts';

/** Lets `runner` submit attempts whose time ran out; `now` is its clock (tests move it). */
export function registerExamTimeOutHandler(
  runner: JobRunner,
  services: Services,
  options: { now?: () => Date } = {},
): void {
  runner.handle(EXAM_TIME_OUT_JOB, async () => {
    await submitTimedOut(services, options.now?.() ?? new Date());
  });
}
