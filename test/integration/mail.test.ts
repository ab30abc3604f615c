// E-mail: .eml files by default, SMTP when configured, and always through the
// job queue in the product (enqueueMail → runner → mailer).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { countPending, getJob, jobState, listJobs } from '../../src/db/repositories/jobs.ts';
import { type JobLogger, JobRunner } from '../../src/jobs/queue.ts';
import {
  createMailer,
  enqueueMail,
  MAIL_JOB,
  mailFileName,
  recipientSlug,
  registerMailHandler,
} from '../../src/mail/mailer.ts';
import { openTestDb, type TestDb, testDialect } from '../helpers/db.ts';

const silent: JobLogger = { warn: () => {}, error: () => {} };
/** Mail to addresses that have no account here: counted against nobody. */
const toAnyone = { account: 'addressee', dailyLimit: 50 } as const;
const mailFrom = 'Endorse <no-reply@endorse.test>';

/** Headers of an RFC 822 message: unfolded, names lower-cased, RFC 2047 encoded words decoded. */
function parseMessage(raw: string): { headers: Map<string, string>; body: string } {
  const end = raw.indexOf('\r\n\r\n');
  assert.ok(end > 0, 'a blank line (CRLF CRLF) ends the header');
  const headers = new Map<string, string>();
  for (const line of raw
    .slice(0, end)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')) {
    const colon = line.indexOf(':');
    assert.ok(colon > 0, `header line has a name: ${line}`);
    const value = line
      .slice(colon + 1)
      .trim()
      .replace(/\?=\s+=\?/g, '?==?')
      .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset: string, encoding: string, text: string) =>
        encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64').toString('utf8')
          : Buffer.from(
              text
                .replace(/_/g, ' ')
                .replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))),
              'latin1',
            ).toString('utf8'),
      );
    headers.set(line.slice(0, colon).toLowerCase(), value);
  }
  return { headers, body: raw.slice(end + 4) };
}

/** A tiny SMTP server that accepts (or, for the first `refuse` messages, temporarily refuses) mail. */
async function fakeSmtp(
  refuse = 0,
): Promise<{ url: string; messages: { to: string[]; data: string }[]; server: Server }> {
  const messages: { to: string[]; data: string }[] = [];
  let refused = 0;
  const server = createServer((socket) => {
    let buffer = '';
    let data: string | undefined;
    let to: string[] = [];
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let newline;
      while ((newline = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        if (data !== undefined) {
          if (line === '.') {
            messages.push({ to, data });
            data = undefined;
            to = [];
            socket.write('250 queued\r\n');
          } else data += `${line.startsWith('..') ? line.slice(1) : line}\r\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 fake\r\n');
        else if (verb === 'MAIL') {
          if (refused < refuse) {
            refused++;
            socket.write('451 4.3.0 try again later\r\n');
          } else socket.write('250 ok\r\n');
        } else if (verb === 'RCPT') {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          socket.write('250 ok\r\n');
        } else if (verb === 'DATA') {
          data = '';
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else if (verb === 'RSET' || verb === 'NOOP') socket.write('250 ok\r\n');
        else socket.write('502 not implemented\r\n');
      }
    });
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, messages, server };
}

describe('mail files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'endorse-mail-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('without SMTP, each message is an .eml file named by time, id and recipient', async () => {
    const mailDir = join(dir, 'var', 'mail'); // created on first use
    const mailer = createMailer({ mailDir, mailFrom, smtpUrl: undefined });
    assert.equal(mailer.mode, 'files');
    const sent = await mailer.sendMail({
      to: 'Rosa.Lopez@Example.org',
      subject: 'Référence demandée — please rate Rosa',
      text: 'Hello Rosa,\n\nOpen this link: https://endorse.test/r/abc\n',
      html: '<p>Hello Rosa,</p><p><a href="https://endorse.test/r/abc">Open</a></p>',
    });
    assert.ok(sent.file);
    const files = readdirSync(mailDir);
    assert.deepEqual(files, [sent.file.slice(mailDir.length + 1)], 'one file, no temporary left');
    assert.match(files[0]!, /^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{6}-rosa\.lopez-at-example\.org\.eml$/);

    const raw = readFileSync(sent.file, 'utf8');
    assert.doesNotMatch(raw, /[^\r]\n/, 'lines end in CRLF');
    const { headers, body } = parseMessage(raw);
    assert.equal(headers.get('to'), 'Rosa.Lopez@example.org', 'nodemailer lower-cases the domain');
    assert.equal(headers.get('from'), mailFrom);
    assert.equal(headers.get('subject'), 'Référence demandée — please rate Rosa');
    assert.equal(headers.get('message-id'), sent.messageId);
    assert.equal(headers.get('mime-version'), '1.0');
    assert.ok(!Number.isNaN(Date.parse(headers.get('date')!)), 'a Date header');
    assert.match(headers.get('content-type')!, /^multipart\/alternative; boundary=/);
    assert.match(body, /Content-Type: text\/plain/);
    assert.match(body, /Content-Type: text\/html/);
    assert.match(body, /https:\/\/endorse\.test\/r\/abc/);
  });

  test('file names sort in the order the messages were written', () => {
    const names = [0, 1, 999, 1000, 61_000, 86_400_000].map((ms) =>
      mailFileName('a@b.org', new Date(Date.UTC(2026, 10, 23, 18, 1, 2) + ms)),
    );
    assert.deepEqual([...names].sort(), names);
    assert.match(names[0]!, /^20261123T180102\.000Z-[0-9a-f]{6}-a-at-b\.org\.eml$/);
  });

  test('recipient slugs are safe file-name parts', () => {
    assert.equal(recipientSlug('rosa@example.org'), 'rosa-at-example.org');
    assert.equal(recipientSlug("O'Brien+refs@Example.ORG"), 'o-brien-refs-at-example.org');
    assert.equal(recipientSlug('../../etc/passwd@x'), 'etc-passwd-at-x');
    assert.ok(recipientSlug(`${'a'.repeat(100)}@example.org`).length <= 60);
  });

  test('invalid messages are refused before anything is written', async () => {
    const mailDir = join(dir, 'refused');
    const mailer = createMailer({ mailDir, mailFrom, smtpUrl: undefined });
    await assert.rejects(mailer.sendMail({ to: 'not an address', subject: 's', text: 't' }), /to/);
    await assert.rejects(
      mailer.sendMail({ to: 'a@b.org', subject: 'Hi\r\nBcc: victim@example.org', text: 't' }),
      /subject/,
    );
    assert.throws(() => readdirSync(mailDir), /ENOENT/);
  });
});

describe('SMTP', () => {
  test('with an SMTP URL, messages go to the server', async () => {
    const smtp = await fakeSmtp();
    try {
      const mailer = createMailer({ mailDir: '/nonexistent', mailFrom, smtpUrl: smtp.url });
      assert.equal(mailer.mode, 'smtp');
      const sent = await mailer.sendMail({
        to: ['a@example.org', 'b@example.org'],
        subject: 'Hi',
        text: 'Body',
      });
      assert.equal(sent.file, undefined);
      assert.equal(smtp.messages.length, 1);
      assert.deepEqual(smtp.messages[0]!.to, ['a@example.org', 'b@example.org']);
      const { headers } = parseMessage(smtp.messages[0]!.data);
      assert.equal(headers.get('subject'), 'Hi');
      assert.equal(headers.get('to'), 'a@example.org, b@example.org');
      mailer.close();
    } finally {
      smtp.server.close();
    }
  });
});

describe(`mail through the queue on ${testDialect}`, () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb();
  });
  after(async () => {
    await db?.cleanup();
  });
  beforeEach(async () => {
    await db.kysely.deleteFrom('job').execute();
  });

  test('enqueueMail stores a mail job; the runner writes it as .eml', async () => {
    const config = db.config();
    const mailer = createMailer(config);
    const runner = new JobRunner(db, { logger: silent });
    registerMailHandler(runner, mailer);
    assert.deepEqual(runner.kinds, [MAIL_JOB]);

    const id = await enqueueMail(
      db,
      { to: 'rater@example.org', subject: 'Please rate Rosa', text: 'Link' },
      toAnyone,
    );
    assert.equal(await countPending(db, MAIL_JOB), 1);
    assert.deepEqual((await getJob(db, id))!.payload, {
      to: 'rater@example.org',
      subject: 'Please rate Rosa',
      text: 'Link',
    });
    assert.throws(() => readdirSync(config.mailDir), /ENOENT/, 'nothing is sent before the runner runs');

    assert.deepEqual(await runner.runOnce(), { claimed: 1, done: 1, retried: 0, gaveUp: 0 });
    const files = readdirSync(config.mailDir);
    assert.equal(files.length, 1);
    assert.ok(files[0]!.endsWith(`-${recipientSlug('rater@example.org')}.eml`));
    const { headers } = parseMessage(readFileSync(join(config.mailDir, files[0]!), 'utf8'));
    assert.equal(headers.get('to'), 'rater@example.org');
    assert.equal(headers.get('subject'), 'Please rate Rosa');
    assert.equal(jobState((await getJob(db, id))!), 'done');
  });

  test('enqueueMail joins the caller’s transaction', async () => {
    await assert.rejects(
      db.kysely.transaction().execute(async (trx) => {
        await enqueueMail(trx, { to: 'a@example.org', subject: 'S', text: 'T' }, toAnyone);
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    assert.equal(await countPending(db), 0);
    await db.kysely.transaction().execute(async (trx) => {
      await enqueueMail(trx, { to: 'a@example.org', subject: 'S', text: 'T' }, toAnyone);
    });
    assert.equal(await countPending(db), 1);
  });

  test('enqueueMail refuses an invalid message', async () => {
    await assert.rejects(enqueueMail(db, { to: 'nobody', subject: 'S', text: 'T' }, toAnyone));
    await assert.rejects(enqueueMail(db, { to: [], subject: 'S', text: 'T' }, toAnyone));
    assert.equal(await countPending(db), 0);
  });

  test('an SMTP server that refuses for a while: the job is retried with backoff and then sent', async () => {
    const smtp = await fakeSmtp(2);
    let clock = new Date('2026-11-23T18:00:00.000Z');
    try {
      const mailer = createMailer(db.config({ SMTP_URL: smtp.url }));
      const runner = new JobRunner(db, { logger: silent, now: () => clock });
      registerMailHandler(runner, mailer);
      const id = await enqueueMail(db, { to: 'rater@example.org', subject: 'S', text: 'T' }, toAnyone, clock);
      assert.equal((await runner.runOnce()).retried, 1);
      let job = (await getJob(db, id))!;
      assert.match(job.lastError!, /451/);
      assert.equal(job.runAt, new Date(clock.getTime() + 60_000).toISOString());
      clock = new Date(job.runAt);
      assert.equal((await runner.runOnce()).retried, 1);
      job = (await getJob(db, id))!;
      assert.equal(job.runAt, new Date(clock.getTime() + 120_000).toISOString());
      clock = new Date(job.runAt);
      assert.equal((await runner.runOnce()).done, 1);
      assert.equal(smtp.messages.length, 1);
      assert.deepEqual(smtp.messages[0]!.to, ['rater@example.org']);
      assert.equal((await listJobs(db, { kind: MAIL_JOB, state: 'done' })).length, 1);
      mailer.close();
    } finally {
      smtp.server.close();
    }
  });
});
