// Puts the product together: database (migrated), mail queue, auth, and the
// shipped associations. Used by the server, the CLI and the tests.
import { createAuth } from './auth.ts';
import type { Config } from './config.ts';
import { type Db, migrateToLatest, openDatabase } from './db/database.ts';
import { JobRunner, type JobLogger } from './jobs/queue.ts';
import { registerReferenceReminderHandler } from './jobs/reference-reminders.ts';
import { createMailer, enqueueMail, registerMailHandler } from './mail/mailer.ts';
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
  const sendMail: Services['sendMail'] = async (message) => {
    await enqueueMail(db, message);
  };
  const auth = createAuth(config, db, sendMail);
  const services: Services = { config, db, auth, sendMail };
  registerReferenceReminderHandler(jobs, services);
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
