// The daily `renewal-sweep`: reminds endorsees of their renewal and lapses what was not renewed in time (src/services/renewal-sweep.ts).
import type { Services } from '../services/context.ts';
import { RENEWAL_SWEEP_JOB, runRenewalSweepJob } from '../services/renewal-sweep.ts';
import type { JobRunner } from './queue.ts';

/** Lets `runner` sweep renewals; `now` is the sweep's clock (tests move it). */
export function registerRenewalSweepHandler(
  runner: JobRunner,
  services: Services,
  options: { now?: () => Date } = {},
): void {
  runner.handle(RENEWAL_SWEEP_JOB, async () => {
    await runRenewalSweepJob(services, options.now?.() ?? new Date());
  });
}
