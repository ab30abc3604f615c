// The address the server was last started with. Commands such as
// `endorse admin create` are often run from another shell than the server's,
// without its BASE_URL or PORT: they use this address, so that the links they
// e-mail reach the server.
import type { Db } from '../db/database.ts';
import { readSetting, writeSetting } from '../db/repositories/settings.ts';
import type { Services } from './context.ts';

const SERVER_ADDRESS = 'server_base_url';

export async function recordServerAddress(services: Pick<Services, 'db' | 'config'>): Promise<void> {
  await writeSetting(services.db.kysely, SERVER_ADDRESS, services.config.baseUrl);
}

export async function serverAddress(db: Db): Promise<string | undefined> {
  return readSetting(db.kysely, SERVER_ADDRESS);
}
