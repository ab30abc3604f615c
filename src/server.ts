// Starts Endorse: database (created and migrated on first start), the HTTP
// server, and the job poller that sends e-mail. Stops cleanly on SIGINT/SIGTERM.
import { pathToFileURL } from 'node:url';
import { createProduct } from './app.ts';
import { loadConfig } from './config.ts';
import { holdServerLock } from './db/server-lock.ts';
import { buildApp } from './http/app.ts';
import { ensureDeadlineSweep } from './services/deadlines.ts';
import { ensureRenewalSweep } from './services/renewal-sweep.ts';
import { ensureSittingReminderSweep } from './services/sitting-reminders.ts';
import { recordServerAddress } from './services/installation.ts';
import { issueSetupLink } from './services/setup.ts';

export async function startServer(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(env);
  // Held until the process ends, so that `endorse restore` refuses while this server runs.
  const lock = holdServerLock(config.dataDir);
  const product = await createProduct(config);
  const app = await buildApp(product);
  await app.listen({ port: config.port, host: config.host });
  // The daily sweep of deadlines is queued by a running server only (not by the CLI or tests).
  await ensureDeadlineSweep(product);
  await ensureSittingReminderSweep(product);
  await ensureRenewalSweep(product);
  product.jobs.start(1000);
  await recordServerAddress(product);

  const where = config.databaseUrl ? 'PostgreSQL' : `SQLite at ${config.sqliteFile}`;
  console.log(`Endorse is running at ${config.baseUrl} (database: ${where}).`);
  const setupLink = await issueSetupLink(product);
  if (setupLink) {
    console.log(`No administrator yet. Open this one-time link to create one: ${setupLink}`);
    console.log('Or run: npx endorse admin create --email you@example.org');
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await app.close(); // stop taking requests, finish those under way
      await product.close(); // then the job poller, mail and database
      lock.release();
      process.exit(0);
    } catch (e) {
      console.error(e);
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return { app, product, config };
}

const isMain = !!process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  startServer().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
