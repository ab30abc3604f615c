// Puts the product together: database (migrated), mail queue, auth, and the
// shipped associations. Used by the server, the CLI and the tests.
import { createAuth } from './auth.ts';
import type { Config } from './config.ts';
import { type Db, migrateToLatest, openDatabase } from './db/database.ts';
import { registerExamTimeOutHandler } from './jobs/exam-time-out.ts';
import { JobRunner, type JobLogger } from './jobs/queue.ts';
import { registerReferenceReminderHandler } from './jobs/reference-reminders.ts';
import { registerDeadlineHandlers } from './jobs/review-reminders.ts';
import { registerRenewalSweepHandler } from './jobs/renewal-sweep.ts';
import { registerSittingReminderHandler } from './jobs/sitting-reminders.ts';
import { createMailer, enqueueMail, MailLimitReached, registerMailHandler } from './mail/mailer.ts';
import { bootstrapAssociations } from './services/associations.ts';
import type { Services } from './services/context.ts';
import { createFileStorage, type FileStorage } from './storage/files.ts';

export interface Product extends Services {
  jobs: JobRunner;
  storage: FileStorage;
  close(): Promise<void>;
}

export async function createProduct(
  config: Config,
  options: { db?: Db; logger?: JobLogger } = {},
): Promise<Product> {
  const db = options.db ?? openDatabase(config);
  await migrateToLatest(db);
  const mailer = createMailer(config);
  const jobs = new JobRunner(db, options.logger ? { logger: options.logger } : {});
  registerMailHandler(jobs, mailer);
  // Sign-in links and password resets count against the account they go to. Past its daily
  // cap the mail is not sent, and only the log says so: the page's answer is the same as ever,
  // so that it does not tell whether the address has an account.
  const sendMail: Services['sendMail'] = async (message) => {
    try {
      await enqueueMail(db, message, { account: 'addressee', dailyLimit: config.mailDailyLimit });
    } catch (e) {
      if (!(e instanceof MailLimitReached)) throw e;
      (options.logger ?? console).warn(
        { accountId: e.accountId, subject: message.subject, retryAt: e.retryAt },
        'daily e-mail limit reached: not sent',
      );
    }
  };
  const auth = createAuth(config, db, sendMail);
  const services: Services = { config, db, auth, sendMail };
  registerReferenceReminderHandler(jobs, services);
  registerDeadlineHandlers(jobs, services);
  registerExamTimeOutHandler(jobs, services);
  registerSittingReminderHandler(jobs, services);
  registerRenewalSweepHandler(jobs, services);
  await bootstrapAssociations(services);
  return {
    ...services,
    jobs,
    storage: createFileStorage(config),
    async close() {
      await jobs.stop();
      mailer.close();
      if (!options.db) await db.close();
    },
  };
}
