// Uploads are kept and served by the type read from their contents, never by
// the name they came with: a file that starts "%PDF-" but is an HTML page
// named poly.html is kept as poly.pdf (its bytes under a key ending .pdf) and
// always downloaded as an attachment, application/pdf, nosniff. Files kept
// before names took the type's extension download under the right name too.
// On SQLite, or on PostgreSQL with TEST_DATABASE_URL.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { insertFile } from '../../src/db/repositories/files.ts';
import { findEntry } from '../../src/db/repositories/portfolio.ts';
import { newId } from '../../src/db/portable.ts';
import { type Browser, pageText, startApp, type TestApp } from '../helpers/http.ts';
import { applicant, entryIds, submitMultipart } from '../helpers/portfolio-http.ts';

let t: TestApp;
let rosa: Browser;
let rosaId: string;

/** A polyglot: PDF by its first bytes, an HTML page with a script to a browser that sniffs. */
const polyglot = Buffer.from('%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n');

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  const r = await applicant(t, 'Rosa Example', 'rosa@example.org', [['mi-aimh', 'IMHS']]);
  rosa = r.browser;
  rosaId = r.id;
});
after(async () => {
  await t?.close();
});

/** Adds an education entry with a transcript through the form; returns the file's row. */
async function uploadTranscript(name: string) {
  const before = entryIds((await rosa.get('/portfolio/education')).body, 'education');
  const res = await submitMultipart(
    rosa,
    '/portfolio/education',
    '/portfolio/education',
    { level: 'master', title: 'MSW', conferred: '2014-05-15', transcript: 'official' },
    { transcriptFile: { name, bytes: polyglot, type: 'text/html' } },
  );
  assert.equal(res.statusCode, 303, pageText(res.body).slice(0, 400));
  const added = entryIds((await rosa.get('/portfolio/education')).body, 'education').filter(
    (id) => !before.includes(id),
  );
  assert.equal(added.length, 1);
  const entry = await findEntry(t.db.kysely, added[0]!);
  const fileId = (entry!.data as { transcriptFileId: string }).transcriptFileId;
  return t.db.kysely.selectFrom('file').selectAll().where('id', '=', fileId).executeTakeFirstOrThrow();
}

describe('an upload is kept and served as the type its contents show', () => {
  test('a "%PDF-" + HTML file named poly.html is kept and served as poly.pdf, application/pdf', async () => {
    const row = await uploadTranscript('poly.html');
    assert.equal(row.content_type, 'application/pdf');
    assert.equal(row.filename, 'poly.pdf');
    assert.equal(row.storage_key, `${row.id}.pdf`);
    const stored = join(t.product.config.uploadsDir, row.storage_key);
    assert.ok(existsSync(stored), 'the bytes are under the key');
    assert.deepEqual(readFileSync(stored), polyglot);

    const res = await rosa.get(`/portfolio/files/${row.id}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(
      res.headers['content-disposition'],
      `attachment; filename="poly.pdf"; filename*=UTF-8''poly.pdf`,
    );
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual(res.rawPayload, polyglot);

    const page = pageText((await rosa.get('/portfolio/education')).body);
    assert.match(page, /poly\.pdf/);
    assert.doesNotMatch(page, /poly\.html/);
  });

  test('a name outside ASCII is downloaded under an ASCII-safe name and, for browsers that read it, in full', async () => {
    const row = await uploadTranscript('Zeugnis Müller (2020) "final".html');
    assert.equal(row.filename, 'Zeugnis Müller (2020) final.pdf');
    const res = await rosa.get(`/portfolio/files/${row.id}`);
    assert.equal(
      res.headers['content-disposition'],
      `attachment; filename="Zeugnis M_ller (2020) final.pdf"; filename*=UTF-8''Zeugnis%20M%C3%BCller%20%282020%29%20final.pdf`,
    );
    assert.equal(res.headers['content-type'], 'application/pdf');
  });

  test('a file kept under its old name and extension (before this rule) downloads as the type it is', async () => {
    const id = newId();
    await t.product.storage.put(id, polyglot);
    await insertFile(t.db.kysely, {
      id,
      userId: rosaId,
      storageKey: id,
      filename: 'old-scan.html',
      contentType: 'application/pdf',
      size: polyglot.length,
      sha256: 'not-checked-here',
    });
    const res = await rosa.get(`/portfolio/files/${id}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(
      res.headers['content-disposition'],
      `attachment; filename="old-scan.pdf"; filename*=UTF-8''old-scan.pdf`,
    );
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual(res.rawPayload, polyglot);
  });
});
