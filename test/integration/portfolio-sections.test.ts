// The portfolio sections through the HTTP app (app.inject), on SQLite or on
// PostgreSQL (TEST_DATABASE_URL): each section's add / edit / remove forms
// change the live checklist of the application at once; every change is
// audited with before and after; form errors name the fields and keep the
// values; transcripts and proofs are checked by content (a text file named
// .pdf is refused, nothing saved is lost); and nobody but the owner reads or
// changes an entry (staff read per 'portfolio.read').
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { auditOf } from '../../src/db/repositories/audit.ts';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { findEntry, listEntries } from '../../src/db/repositories/portfolio.ts';
import { parsePortfolio } from '../../src/engine/portfolio.ts';
import { loadActor } from '../../src/services/actors.ts';
import { setRoles } from '../../src/services/people.ts';
import { type Browser, pageText, startApp, type TestApp } from '../helpers/http.ts';
import {
  applicant,
  checklist,
  entryIds,
  minimalPdf,
  minimalPng,
  requirement,
  submitMultipart,
} from '../helpers/portfolio-http.ts';

let t: TestApp;
let rosa: Browser;
let rosaId: string;
let imhs: string; // Rosa's MI-AIMH IMHS application
let mentor: string; // Rosa's CT-AIMH IMHM-C application (it has a leadership rule)
let olive: Browser; // another applicant of mi-aimh
let coordinator: Browser; // coordinator of mi-aimh

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  const r = await applicant(t, 'Rosa Example', 'rosa@example.org', [
    ['mi-aimh', 'IMHS'],
    ['ct-aimh', 'IMHM-C'],
  ]);
  rosa = r.browser;
  rosaId = r.id;
  [imhs, mentor] = r.applications as [string, string];
  olive = (await applicant(t, 'Olive Other', 'olive@example.org', [['mi-aimh', 'IMHS']])).browser;

  // A coordinator of mi-aimh, given the role by the site administrator.
  await t.siteAdmin();
  coordinator = t.browser();
  await coordinator.signUp({ name: 'Casey Coordinator', email: 'casey@example.org' });
  const site = await t.db.kysely
    .selectFrom('user')
    .select('id')
    .where('email', '=', 'admin@example.org')
    .executeTakeFirstOrThrow();
  const mi = (await findAssociation(t.db.kysely, 'mi-aimh'))!;
  await setRoles(
    await loadActor(site.id, t.product),
    { associationId: mi.id, email: 'casey@example.org', roles: ['coordinator'] },
    t.product,
  );
});

after(async () => {
  await t?.close();
});

const section = (slug: string, application = imhs) => `/portfolio/${slug}?application=${application}`;

/** Adds an entry through the section's form; returns its id. */
async function add(
  slug: string,
  form: Record<string, string | string[]>,
  application = imhs,
): Promise<string> {
  const before = entryIds((await rosa.get(section(slug, application))).body, slug);
  const res = await rosa.submit(section(slug, application), `/portfolio/${slug}`, form);
  assert.equal(res.statusCode, 303, pageText(res.body).slice(0, 600));
  assert.equal(res.headers.location, section(slug, application));
  const now = entryIds((await rosa.get(section(slug, application))).body, slug);
  const added = now.filter((id) => !before.includes(id));
  assert.equal(added.length, 1, 'one entry added');
  return added[0]!;
}

async function edit(slug: string, id: string, form: Record<string, string | string[]>, application = imhs) {
  const page = `/portfolio/${slug}/${id}?application=${application}`;
  const res = await rosa.submit(page, `/portfolio/${slug}/${id}`, form);
  assert.equal(res.statusCode, 303, pageText(res.body).slice(0, 600));
}

async function remove(slug: string, id: string, application = imhs) {
  const res = await rosa.submit(section(slug, application), `/portfolio/${slug}/${id}/remove`, {});
  assert.equal(res.statusCode, 303);
  assert.equal(await findEntry(t.db.kysely, id), undefined);
}

/** The audit trail of an entry: actions with their before / after. */
async function trail(id: string) {
  return (await auditOf(t.db.kysely, 'portfolio-entry', [id])).map((e) => ({
    action: e.action,
    before: e.before as { entry?: Record<string, unknown> } | null,
    after: e.after as { entry?: Record<string, unknown> } | null,
  }));
}

describe('each section: add, edit and remove change the live checklist at once', () => {
  test('education: a degree meets the education rule; a lower one does not; removing it undoes it', async () => {
    assert.equal((await requirement(rosa, imhs, 'imhs.education')).status, 'unmet');
    const id = await add('education', {
      level: 'master',
      title: 'MSW',
      field: 'social work',
      conferred: '2014-05-15',
      transcript: 'official',
    });
    const met = await requirement(rosa, imhs, 'imhs.education');
    assert.equal(met.status, 'met');
    assert.match(met.summary, /master's degree \(MSW\) conferred 2014-05-15/);

    await edit('education', id, {
      level: 'bachelor',
      title: 'BA',
      conferred: '2012-05-15',
      transcript: 'official',
    });
    assert.equal((await requirement(rosa, imhs, 'imhs.education')).status, 'unmet');
    const stored = (await findEntry(t.db.kysely, id))!.data;
    assert.deepEqual(stored, {
      level: 'bachelor',
      title: 'BA',
      conferred: '2012-05-15',
      transcript: 'official',
    });

    await remove('education', id);
    assert.match(
      (await requirement(rosa, imhs, 'imhs.education')).summary,
      /no master's degree or doctorate/,
    );
    assert.deepEqual(
      (await trail(id)).map((e) => e.action),
      ['portfolio-entry.add', 'portfolio-entry.update', 'portfolio-entry.remove'],
    );
    const [, update, removal] = await trail(id);
    assert.equal(update!.before!.entry!.level, 'master');
    assert.equal(update!.after!.entry!.level, 'bachelor');
    assert.equal(removal!.before!.entry!.level, 'bachelor');
  });

  test('training: hours count toward "N of 30 hours" as soon as they are saved', async () => {
    assert.equal((await requirement(rosa, imhs, 'imhs.training.hours')).summary, '0 of 30 hours');
    const id = await add('training', {
      title: 'Attachment and loss',
      date: '2019-03-02',
      hours: '6',
      topics: ['imh'],
      competencies: ['1-theoretical-foundations'],
    });
    assert.equal((await requirement(rosa, imhs, 'imhs.training.hours')).summary, '6 of 30 hours');
    await edit('training', id, {
      title: 'Attachment and loss',
      date: '2019-03-02',
      hours: '31.5',
      topics: ['imh', 'dei'],
    });
    const now = await requirement(rosa, imhs, 'imhs.training.hours');
    assert.equal(now.status, 'met');
    assert.equal(now.summary, '31.5 of 30 hours');
    assert.deepEqual((await findEntry(t.db.kysely, id))!.data, {
      title: 'Attachment and loss',
      date: '2019-03-02',
      hours: 31.5,
      topics: ['imh', 'dei'],
    });
    await remove('training', id);
    assert.equal((await requirement(rosa, imhs, 'imhs.training.hours')).summary, '0 of 30 hours');
  });

  test('RSC received: "42 of 50 hours", then met at 52', async () => {
    const form = {
      providerName: 'Dana Mentor',
      providerEndorsements: ['IMHM-C'],
      from: '2015-01-05',
      to: '2016-06-30',
      hours: '42',
      format: 'individual',
      providingRscHours: '0',
    };
    const id = await add('rsc', form);
    const partly = await requirement(rosa, imhs, 'imhs.rsc.hours');
    assert.equal(partly.status, 'unmet');
    assert.match(partly.summary, /^42 of 50 hours/);
    await edit('rsc', id, { ...form, hours: '52', format: 'group', providerVetted: 'yes' });
    const met = await requirement(rosa, imhs, 'imhs.rsc.hours');
    assert.equal(met.status, 'met');
    assert.match(met.summary, /^52 of 50 hours between 2015-01-05 and 2016-06-30/);
    assert.deepEqual((await findEntry(t.db.kysely, id))!.data, {
      from: '2015-01-05',
      to: '2016-06-30',
      hours: 52,
      format: 'group',
      provider: { name: 'Dana Mentor', endorsements: ['IMHM-C'], vetted: true },
      providingRscHours: 0,
    });
    await remove('rsc', id);
    assert.match((await requirement(rosa, imhs, 'imhs.rsc.hours')).summary, /^0 of 50 hours/);
  });

  test('specialized work: supervised dyadic work after the degree counts toward its years', async () => {
    const degree = await add('education', {
      level: 'master',
      conferred: '2014-05-15',
      transcript: 'official',
    });
    const before = (await requirement(rosa, imhs, 'imhs.work.specialized')).summary;
    assert.match(before, /^0 of 2 years/);
    const id = await add('work', {
      title: 'Infant mental health therapist',
      employer: 'Family Center',
      from: '2014-09-01',
      to: '2015-08-31',
      fte: '1',
      paid: 'yes',
      supervised: 'yes',
      kinds: ['imh-dyadic'],
    });
    const oneYear = await requirement(rosa, imhs, 'imhs.work.specialized');
    assert.equal(oneYear.status, 'unmet');
    assert.match(oneYear.summary, /^0\.99 of 2 years/, '365 days of 365.25');
    await edit('work', id, {
      title: 'Infant mental health therapist',
      from: '2014-09-01',
      to: '',
      fte: '1',
      paid: 'yes',
      supervised: 'yes',
      kinds: ['imh-dyadic'],
    });
    assert.equal((await requirement(rosa, imhs, 'imhs.work.specialized')).status, 'met');
    assert.equal(
      ((await findEntry(t.db.kysely, id))!.data as { to: unknown }).to,
      null,
      'ongoing: to is null',
    );
    await remove('work', id);
    await remove('education', degree);
    assert.match((await requirement(rosa, imhs, 'imhs.work.specialized')).summary, /^0 of 2 years/);
  });

  test('memberships: a membership of mi-aimh covering today meets the rule; one that ended does not', async () => {
    assert.equal((await requirement(rosa, imhs, 'imhs.membership')).status, 'unmet');
    const id = await add('memberships', { association: 'mi-aimh', from: '2020-01-01', to: '' });
    assert.equal((await requirement(rosa, imhs, 'imhs.membership')).status, 'met');
    await edit('memberships', id, { association: 'mi-aimh', from: '2020-01-01', to: '2021-12-31' });
    assert.equal((await requirement(rosa, imhs, 'imhs.membership')).status, 'unmet');
    await remove('memberships', id);
    assert.match((await requirement(rosa, imhs, 'imhs.membership')).summary, /^no membership covering/);
  });

  test('leadership: counts toward the mentor credential of the other application (its checklist)', async () => {
    const id = await add(
      'leadership',
      { activity: 'Leads a reflective practice group', from: '2019-01-01', to: '' },
      mentor,
    );
    const met = await requirement(rosa, mentor, 'imhm-c.leadership');
    assert.equal(met.status, 'met');
    await edit(
      'leadership',
      id,
      { activity: 'Leads a reflective practice group', from: '2025-01-01', to: '' },
      mentor,
    );
    assert.equal((await requirement(rosa, mentor, 'imhm-c.leadership')).status, 'unmet');
    await remove('leadership', id, mentor);
    // The section page of the other application shows that application's checklist.
    const page = await rosa.get(section('leadership', mentor));
    assert.match(pageText(page.body), /Checklist: IMHM-C with Connecticut/);
  });

  test('endorsements held: add, edit and remove an entry', async () => {
    const id = await add('endorsements', {
      credential: 'IFS',
      association: 'mi-aimh',
      granted: '2017-06-01',
    });
    await edit('endorsements', id, { credential: 'IMHS', association: 'mi-aimh', granted: '2018-06-01' });
    assert.deepEqual((await findEntry(t.db.kysely, id))!.data, {
      credential: 'IMHS',
      association: 'mi-aimh',
      granted: '2018-06-01',
    });
    await remove('endorsements', id);
  });

  test('the stored document stays valid under the format, and every change left an audit entry', async () => {
    await add('training', { title: 'Kept', date: '2020-02-02', hours: '3', topics: ['rsc'] });
    const rows = await listEntries(t.db.kysely, rosaId);
    assert.deepEqual(
      rows.slice(0, 2).map((r) => r.section),
      ['=format', '=person'],
    );
    const res = await rosa.get('/portfolio/export');
    const parsed = parsePortfolio(JSON.parse(res.body));
    assert.ok(parsed.ok, JSON.stringify(parsed));
    const audit = await t.db.kysely
      .selectFrom('audit_event')
      .select(['action'])
      .where('actor_id', '=', rosaId)
      .where('subject_type', '=', 'portfolio-entry')
      .execute();
    assert.ok(audit.length >= 20, `${audit.length} audited changes`);
  });
});

describe('form errors', () => {
  test('the summary names each field at fault, links to it, and the values are kept', async () => {
    const res = await rosa.submit(section('training'), '/portfolio/training', {
      title: 'Half-typed title',
      date: '2019-02-30',
      hours: 'six',
      topics: ['imh', 'sports'],
    });
    assert.equal(res.statusCode, 400);
    const text = pageText(res.body);
    assert.match(text, /There is a problem/);
    assert.match(text, /Enter the date of the training as a real date/);
    assert.match(text, /Enter the hours of training as a number of hours/);
    assert.match(text, /Choose the topics from the list/);
    assert.match(res.body, /href="#date"/);
    assert.match(res.body, /href="#hours"/);
    assert.match(res.body, /value="Half-typed title"/);
    assert.match(res.body, /value="six"/);
    assert.match(res.body, /aria-invalid="true"/);
  });

  test('an end before the start, and RSC hours about providing RSC above the total, are refused', async () => {
    const res = await rosa.submit(section('rsc'), '/portfolio/rsc', {
      providerName: 'Dana',
      from: '2016-01-01',
      to: '2015-01-01',
      hours: '10',
      format: 'group',
      providingRscHours: '12',
    });
    assert.equal(res.statusCode, 400);
    const text = pageText(res.body);
    assert.match(text, /The last date must be on or after the start date/);
    assert.match(text, /enter at most 10/);
  });

  test('work needs at least one kind; an unknown section is not found', async () => {
    const res = await rosa.submit(section('work'), '/portfolio/work', { title: 'X', from: '2020-01-01' });
    assert.equal(res.statusCode, 400);
    assert.match(pageText(res.body), /Choose at least one kind of work/);
    assert.equal((await rosa.get('/portfolio/hobbies')).statusCode, 404);
  });
});

describe('uploads are checked by content', () => {
  const pdf = minimalPdf();

  test('a real minimal PDF transcript is accepted, kept, and downloadable by its owner', async () => {
    const res = await submitMultipart(
      rosa,
      section('education'),
      '/portfolio/education',
      { level: 'master', title: 'MSW', conferred: '2014-05-15', transcript: 'official' },
      { transcriptFile: { name: 'transcript.pdf', bytes: pdf, type: 'application/pdf' } },
    );
    assert.equal(res.statusCode, 303, pageText(res.body).slice(0, 500));
    const page = await rosa.get(section('education'));
    const [id] = entryIds(page.body, 'education');
    const entry = (await findEntry(t.db.kysely, id!))!.data as { transcriptFileId?: string };
    assert.ok(entry.transcriptFileId, 'the entry refers to its file');
    assert.match(page.body, new RegExp(`href="/portfolio/files/${entry.transcriptFileId}"`));
    const file = await rosa.get(`/portfolio/files/${entry.transcriptFileId}`);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.match(String(file.headers['content-disposition']), /^attachment; filename="transcript.pdf"/);
    assert.deepEqual(file.rawPayload, pdf);
    assert.ok(
      parsePortfolio(JSON.parse((await rosa.get('/portfolio/export')).body)).ok,
      'the format accepts the added field',
    );
  });

  test('a text file named .pdf is refused with a clear message; the other entries and files are intact', async () => {
    const page = await rosa.get(section('education'));
    const [existing] = entryIds(page.body, 'education');
    const beforeRows = await listEntries(t.db.kysely, rosaId);
    const beforeFiles = await t.db.kysely.selectFrom('file').select('id').execute();

    const res = await submitMultipart(
      rosa,
      section('education'),
      '/portfolio/education',
      { level: 'doctorate', title: 'PhD', conferred: '2020-05-15', transcript: 'unofficial' },
      {
        transcriptFile: {
          name: 'notes.pdf',
          bytes: Buffer.from('These are my notes, not a PDF.\n'),
          type: 'application/pdf',
        },
      },
    );
    assert.equal(res.statusCode, 400);
    const text = pageText(res.body);
    assert.match(text, /There is a problem/);
    assert.match(
      text,
      /“notes\.pdf” is not a PDF, PNG or JPEG file \(its contents were checked, not its name\)/,
    );
    assert.match(res.body, /href="#transcriptFile"/);
    assert.match(res.body, /value="PhD"/, 'the other values are kept');

    assert.deepEqual(await listEntries(t.db.kysely, rosaId), beforeRows, 'nothing saved is lost or added');
    assert.deepEqual(await t.db.kysely.selectFrom('file').select('id').execute(), beforeFiles);

    // Replacing the good transcript with a bad file keeps the good one.
    const edit = await submitMultipart(
      rosa,
      `/portfolio/education/${existing}`,
      `/portfolio/education/${existing}`,
      { level: 'master', title: 'MSW', conferred: '2014-05-15', transcript: 'official' },
      { transcriptFile: { name: 'scan.jpg', bytes: Buffer.from('GIF89a not a jpeg') } },
    );
    assert.equal(edit.statusCode, 400);
    assert.match(pageText(edit.body), /“scan\.jpg” is not a PDF, PNG or JPEG file/);
    assert.deepEqual(await listEntries(t.db.kysely, rosaId), beforeRows);
    const kept = (await findEntry(t.db.kysely, existing!))!.data as { transcriptFileId: string };
    assert.equal((await rosa.get(`/portfolio/files/${kept.transcriptFileId}`)).statusCode, 200);
  });

  test('a file over 10 MB is refused with the limit named', async () => {
    const big = Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024 - pdf.length + 1, 0x20)]);
    const res = await submitMultipart(
      rosa,
      section('education'),
      '/portfolio/education',
      { level: 'master', conferred: '2014-05-15', transcript: 'official' },
      { transcriptFile: { name: 'huge.pdf', bytes: big } },
    );
    assert.equal(res.statusCode, 400);
    assert.match(pageText(res.body), /“huge\.pdf” is larger than 10 MB/);
  });

  test('replacing a transcript with a PNG keeps the new one and removes the old file', async () => {
    const [id] = entryIds((await rosa.get(section('education'))).body, 'education');
    const old = ((await findEntry(t.db.kysely, id!))!.data as { transcriptFileId: string }).transcriptFileId;
    const res = await submitMultipart(
      rosa,
      `/portfolio/education/${id}`,
      `/portfolio/education/${id}`,
      { level: 'master', title: 'MSW', conferred: '2014-05-15', transcript: 'unofficial' },
      { transcriptFile: { name: 'page1.png', bytes: minimalPng() } },
    );
    assert.equal(res.statusCode, 303, pageText(res.body).slice(0, 400));
    const now = ((await findEntry(t.db.kysely, id!))!.data as { transcriptFileId: string }).transcriptFileId;
    assert.notEqual(now, old);
    assert.equal((await rosa.get(`/portfolio/files/${now}`)).headers['content-type'], 'image/png');
    assert.equal((await rosa.get(`/portfolio/files/${old}`)).statusCode, 404);
    // (Events written in the same millisecond have no order among them.)
    const actions = (await auditOf(t.db.kysely, 'portfolio-entry', [id!])).map((e) => e.action).sort();
    assert.deepEqual(actions, [
      'file.upload',
      'file.upload',
      'portfolio-entry.add',
      'portfolio-entry.update',
    ]);
  });

  test('a membership of an association not applied to here needs proof; a PNG proof is accepted', async () => {
    const form = { association: 'wa-aimh', from: '2024-01-01', to: '' };
    const without = await submitMultipart(rosa, section('memberships'), '/portfolio/memberships', form);
    assert.equal(without.statusCode, 400);
    assert.match(pageText(without.body), /Upload proof of your membership in wa-aimh/);
    assert.match(without.body, /href="#proofFile"/);
    const withProof = await submitMultipart(rosa, section('memberships'), '/portfolio/memberships', form, {
      proofFile: { name: 'card.png', bytes: minimalPng() },
    });
    assert.equal(withProof.statusCode, 303, pageText(withProof.body).slice(0, 400));
    // mi-aimh (applied to here) needs none.
    const own = await rosa.submit(section('memberships'), '/portfolio/memberships', {
      association: 'mi-aimh',
      from: '2024-01-01',
    });
    assert.equal(own.statusCode, 303);
  });
});

describe('only the owner reads or changes their entries', () => {
  let entryId: string;
  let fileId: string;

  before(async () => {
    const page = await rosa.get(section('education'));
    entryId = entryIds(page.body, 'education')[0]!;
    fileId = ((await findEntry(t.db.kysely, entryId))!.data as { transcriptFileId: string }).transcriptFileId;
  });

  test("another applicant cannot open, change or remove the first one's entries", async () => {
    const before = await findEntry(t.db.kysely, entryId);
    assert.equal((await olive.get(`/portfolio/education/${entryId}`)).statusCode, 404);
    const form = await olive.get('/portfolio/education');
    assert.doesNotMatch(form.body, new RegExp(entryId), "her own section page does not list Rosa's entries");
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const changed = await olive.post(`/portfolio/education/${entryId}`, {
      _csrf: token,
      level: 'cda',
      conferred: '2001-01-01',
      transcript: 'none',
    });
    assert.equal(changed.statusCode, 404);
    const removed = await olive.post(`/portfolio/education/${entryId}/remove`, { _csrf: token });
    assert.equal(removed.statusCode, 404);
    assert.deepEqual(await findEntry(t.db.kysely, entryId), before);
    assert.equal((await olive.get(`/portfolio/files/${fileId}`)).statusCode, 404);
    assert.equal((await olive.get(`/applications/${imhs}`)).statusCode, 404);
    assert.equal((await olive.get(`/applications/${imhs}/portfolio`)).statusCode, 404);
    assert.equal(
      (await olive.get('/portfolio/education/00000000-0000-4000-8000-000000000000')).statusCode,
      404,
    );
  });

  test("an entry under another section's address is not found", async () => {
    assert.equal((await rosa.get(`/portfolio/training/${entryId}`)).statusCode, 404);
  });

  test('a coordinator of the association reads the portfolio and the file but cannot change it', async () => {
    const page = await coordinator.get(`/applications/${imhs}`);
    assert.equal(page.statusCode, 200);
    assert.match(pageText(page.body), /Rosa Example/);
    assert.doesNotMatch(page.body, /\/submit"/, 'only the applicant is offered to submit');
    assert.match(
      (await rosa.get(`/applications/${imhs}`)).body,
      new RegExp(`href="/applications/${imhs}/submit"`),
    );
    assert.ok((await checklist(coordinator, imhs)).size > 5, 'the coordinator sees the checklist');
    const read = await coordinator.get(`/applications/${imhs}/portfolio`);
    assert.equal(read.statusCode, 200);
    assert.match(pageText(read.body), /Portfolio of Rosa Example/);
    assert.match(pageText(read.body), /master's degree — MSW/);
    assert.equal((await coordinator.get(`/portfolio/files/${fileId}`)).statusCode, 200);
    assert.equal((await coordinator.get(`/portfolio/education/${entryId}`)).statusCode, 404);
  });

  test('someone not signed in is sent to sign in', async () => {
    const res = await t.browser().get('/portfolio/education');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/sign-in?next=${encodeURIComponent('/portfolio/education')}`);
  });
});
