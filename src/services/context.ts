// What services need from the outside world, passed as their last argument.
import type { Auth } from '../auth.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { MailMessage } from '../mail/mailer.ts';

export interface Services {
  config: Config;
  db: Db;
  auth: Auth;
  /** Puts an e-mail in the queue; the job runner sends it. */
  sendMail(message: MailMessage): Promise<void>;
}
