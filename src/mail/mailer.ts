// E-mail. In the product, mail always goes through the job queue:
// `enqueueMail` stores a `mail` job (in the caller's transaction if it has
// one) and the runner's mail handler sends it with the Mailer, retrying with
// backoff when the SMTP server fails.
//
// Every mail counts against an account: the one it is sent for (the applicant
// whose reference requests and reminders go to raters) or the one it is
// addressed to (sign-in links, password resets, notices). An account gets at
// most `dailyLimit` mails in any 24 hours, so nobody can make Endorse send
// mail without end; `enqueueMail` refuses the next one with MailLimitReached,
// and the caller's transaction then leaves nothing half-done. The Mailer sends over SMTP when
// `config.smtpUrl` is set, and otherwise writes each message as an RFC 822
// `.eml` file in `config.mailDir`, where tests and a new user can open it.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import { z } from 'zod';
import { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { chargedJobTimes, enqueue, type Executor, lockMailQuota } from '../db/repositories/jobs.ts';
import { findPersonByEmail } from '../db/repositories/people.ts';
import type { JobRunner } from '../jobs/queue.ts';
import { AppError } from '../services/errors.ts';

export const MAIL_JOB = 'mail';

const header = z
  .string()
  .min(1)
  .max(998)
  .refine((s) => !/[\r\n]/.test(s), 'must be a single line');

export const mailMessageSchema = z.object({
  to: z.union([z.email(), z.array(z.email()).min(1)]),
  subject: header,
  text: z.string(),
  html: z.string().optional(),
  replyTo: z.email().optional(),
  /** Files sent with the message (a certificate, a credential), base64 so the queued job stays JSON. */
  attachments: z
    .array(z.object({ filename: header, contentType: header, base64: z.base64() }))
    .max(5)
    .optional(),
});

export type MailMessage = z.infer<typeof mailMessageSchema>;

export interface SentMail {
  messageId: string;
  /** The .eml file written, when mail goes to files. */
  file?: string;
}

export interface Mailer {
  readonly mode: 'smtp' | 'files';
  sendMail(message: MailMessage): Promise<SentMail>;
  close(): void;
}

/**
 * The part of a mail file's name that names its recipient:
 * "Rosa@Example.org" → "rosa-at-example.org". Tests find a person's mail with it.
 */
export function recipientSlug(address: string): string {
  const slug = address
    .toLowerCase()
    .replace(/@/g, '-at-')
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60)
    .replace(/[-.]+$/, '');
  return slug || 'recipient';
}

/** "20261123T180102.123Z-ab12cd-rosa-at-example.org.eml": sorts by time of writing. */
export function mailFileName(to: string, date: Date = new Date()): string {
  const time = date.toISOString().replace(/[-:]/g, '');
  return `${time}-${randomBytes(3).toString('hex')}-${recipientSlug(to)}.eml`;
}

const firstRecipient = (to: string | string[]): string => (Array.isArray(to) ? to[0]! : to);

/** The message as nodemailer takes it. */
const outgoing = ({ attachments, ...message }: MailMessage) => ({
  ...message,
  ...(attachments
    ? {
        attachments: attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: a.base64,
          encoding: 'base64',
        })),
      }
    : {}),
});

/**
 * nodemailer's transport, made at the first message rather than at start:
 * loading nodemailer is start-up time that a server with no mail to send yet
 * need not pay.
 */
function transportAtFirstUse<Info>(
  make: (mailer: (typeof import('nodemailer'))['default']) => Transporter<Info>,
) {
  let made: Promise<Transporter<Info>> | undefined;
  return {
    get: () => (made ??= import('nodemailer').then((m) => make(m.default))),
    close: () => void made?.then((t) => t.close()),
  };
}

export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailDir' | 'mailFrom'>): Mailer {
  if (config.smtpUrl) {
    const smtpUrl = config.smtpUrl;
    const transport = transportAtFirstUse((n) => n.createTransport(smtpUrl, { from: config.mailFrom }));
    return {
      mode: 'smtp',
      async sendMail(message) {
        const info = await (await transport.get()).sendMail(outgoing(mailMessageSchema.parse(message)));
        return { messageId: info.messageId };
      },
      close: transport.close,
    };
  }
  // Builds the complete message (headers, MIME parts) in memory, with CRLF line ends as RFC 5322 wants.
  const transport = transportAtFirstUse((n) =>
    n.createTransport({ streamTransport: true, buffer: true, newline: 'windows' }, { from: config.mailFrom }),
  );
  const dir = config.mailDir;
  return {
    mode: 'files',
    async sendMail(message) {
      const valid = mailMessageSchema.parse(message);
      const info = await (await transport.get()).sendMail(outgoing(valid));
      if (!Buffer.isBuffer(info.message))
        throw new Error('nodemailer did not return the message as a buffer');
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const name = mailFileName(firstRecipient(valid.to));
      const file = join(dir, name);
      // Written beside its final name and renamed, so nobody reads half a message.
      const temporary = join(dir, `.${name}.tmp`);
      try {
        await writeFile(temporary, info.message, { flag: 'wx' });
        await rename(temporary, file);
      } catch (e) {
        await rm(temporary, { force: true });
        throw e;
      }
      return { messageId: info.messageId, file };
    },
    close: transport.close,
  };
}

/** Whom a mail counts against, and how many an account may have in 24 hours. */
export interface MailCharge {
  /**
   * The account the mail is sent for, or 'addressee': the account it is sent
   * to; null: not counted (the association's own process writing to the
   * people in it, which must never fail because someone had much mail).
   */
  account: string | 'addressee' | null;
  dailyLimit: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** "14:05 UTC" (rounded up to the minute). */
const clockTime = (date: Date) =>
  new Date(Math.ceil(date.getTime() / 60_000) * 60_000).toISOString().slice(11, 16) + ' UTC';

/** The account has had its most mails of the last 24 hours; it may have another after `retryAt`. */
export class MailLimitReached extends AppError {
  override name = 'MailLimitReached';
  constructor(
    readonly accountId: string,
    readonly limit: number,
    readonly retryAt: Date,
  ) {
    super(
      'limit',
      `you have sent ${limit} e-mails through Endorse in the last 24 hours, the most allowed; try again after ${clockTime(retryAt)}`,
      'form',
    );
  }
}

/**
 * Queues a message to be sent by the mail job handler, counted against the
 * charged account; returns the job id. Throws MailLimitReached when the
 * account has had `dailyLimit` mails in the last 24 hours.
 */
export async function enqueueMail(
  db: Executor,
  message: MailMessage,
  charge: MailCharge,
  runAt?: Date,
): Promise<string> {
  const valid = mailMessageSchema.parse(message);
  const q: Kysely<Database> = db instanceof Kysely ? db : db.kysely;
  if (!q.isTransaction) return q.transaction().execute((tx) => enqueueMail(tx, valid, charge, runAt));
  const accountId =
    charge.account === 'addressee'
      ? (await findPersonByEmail(q, Array.isArray(valid.to) ? valid.to[0]! : valid.to))?.id
      : charge.account;
  if (accountId) {
    const now = new Date();
    await lockMailQuota(q, accountId, now);
    const times = await chargedJobTimes(
      q,
      MAIL_JOB,
      accountId,
      new Date(now.getTime() - DAY_MS),
      charge.dailyLimit,
    );
    if (times.length >= charge.dailyLimit) {
      // Free again when the oldest of the latest `dailyLimit` mails is 24 hours old.
      throw new MailLimitReached(accountId, charge.dailyLimit, new Date(Date.parse(times.at(-1)!) + DAY_MS));
    }
  }
  return enqueue(q, MAIL_JOB, valid, runAt, accountId ?? null);
}

/** Lets `runner` send queued mail with `mailer`. */
export function registerMailHandler(runner: JobRunner, mailer: Mailer): void {
  runner.handle(MAIL_JOB, async (payload) => {
    await mailer.sendMail(mailMessageSchema.parse(payload));
  });
}
