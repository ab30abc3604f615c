// E-mail. In the product, mail always goes through the job queue:
// `enqueueMail` stores a `mail` job (in the caller's transaction if it has
// one) and the runner's mail handler sends it with the Mailer, retrying with
// backoff when the SMTP server fails. The Mailer sends over SMTP when
// `config.smtpUrl` is set, and otherwise writes each message as an RFC 822
// `.eml` file in `config.mailDir`, where tests and a new user can open it.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { enqueue, type Executor } from '../db/repositories/jobs.ts';
import type { JobRunner } from '../jobs/queue.ts';

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

export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailDir' | 'mailFrom'>): Mailer {
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(config.smtpUrl, { from: config.mailFrom });
    return {
      mode: 'smtp',
      async sendMail(message) {
        const info = await transport.sendMail(mailMessageSchema.parse(message));
        return { messageId: info.messageId };
      },
      close: () => transport.close(),
    };
  }
  // Builds the complete message (headers, MIME parts) in memory, with CRLF line ends as RFC 5322 wants.
  const transport = nodemailer.createTransport(
    { streamTransport: true, buffer: true, newline: 'windows' },
    { from: config.mailFrom },
  );
  const dir = config.mailDir;
  return {
    mode: 'files',
    async sendMail(message) {
      const valid = mailMessageSchema.parse(message);
      const info = await transport.sendMail(valid);
      if (!Buffer.isBuffer(info.message))
        throw new Error('nodemailer did not return the message as a buffer');
      await mkdir(dir, { recursive: true });
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
    close: () => transport.close(),
  };
}

/** Queues a message to be sent by the mail job handler; returns the job id. */
export async function enqueueMail(db: Executor, message: MailMessage, runAt?: Date): Promise<string> {
  return enqueue(db, MAIL_JOB, mailMessageSchema.parse(message), runAt);
}

/** Lets `runner` send queued mail with `mailer`. */
export function registerMailHandler(runner: JobRunner, mailer: Mailer): void {
  runner.handle(MAIL_JOB, async (payload) => {
    await mailer.sendMail(mailMessageSchema.parse(payload));
  });
}
