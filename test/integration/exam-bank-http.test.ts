// The item bank and exam forms through the pages, as an exam scorer: items
// written (and refused, naming the field), changed in place while a draft and
// as a new version once in use or active, status steps; a bank of a thousand
// items searched by words, domain and status; CSV and QTI 3.0 exported and
// imported back (all or nothing, the row and column of each problem named);
// forms composed, made ready and retired; every view and change audited; and
// nobody but exam administrators finds any of it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { itemVersions, searchItems } from '../../src/db/repositories/exam-bank.ts';
import { parseCsv } from '../../src/domain/csv.ts';
import { importItemsCsv, parseXml, qtiNamespace, type XmlElement } from '../../src/services/exam-exchange.ts';
import { examSetup, type Staff, staffMember } from '../helpers/exam.ts';
import { pageText, startApp, type TestApp } from '../helpers/http.ts';

let t: TestApp;
let setup: Awaited<ReturnType<typeof examSetup>>;
let sam: Staff;
const base = '/associations/ct-aimh/exam';

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  setup = await examSetup(t, { mc: 6, vignettes: 3, startsAt: '2030-03-06T14:00:00Z' });
  sam = setup.sam;
});
after(() => t.close());

const auditActions = async (action: string) =>
  t.db.kysely
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .where('actor_id', '=', sam.id)
    .orderBy('id')
    .execute();

const latest = async (code: string) => (await itemVersions(t.db.kysely, setup.ct.id, code))[0]!;

const mcItem = (over: Record<string, string | string[]> = {}) => ({
  kind: 'multiple-choice',
  code: '',
  status: 'draft',
  exam: 'imh',
  text: 'Which is a sign of a secure attachment?',
  option_a: 'Seeking comfort when distressed',
  option_b: 'Avoiding the caregiver',
  option_c: 'Indifference on reunion',
  key: 'A',
  domains: ['1-theoretical-foundations', '9-reflection'],
  ...over,
});

describe('items through the pages', () => {
  test('an item written on the page is added, shown with its key, and audited', async () => {
    const res = await sam.browser.submit(`${base}/items`, `${base}/items`, mcItem({ code: 'ATT-1' }));
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    const page = await sam.browser.get(String(res.headers.location));
    assert.equal(page.statusCode, 200);
    const text = pageText(page.body);
    assert.match(text, /ATT-1, version 1/);
    assert.match(text, /Seeking comfort when distressed \(the key\)/);
    const item = await latest('ATT-1');
    assert.equal(item.answerKey, 0);
    assert.deepEqual(item.domains, ['1-theoretical-foundations', '9-reflection']);
    assert.ok((await auditActions('exam-item.create')).some((e) => e.subject_id === item.id));
    const reads = await auditActions('exam-bank.read');
    assert.ok(reads.some((e) => e.subject_id === item.id));
  });

  test('errors name the field: no key, a gap in the options, a vignette without a rubric', async () => {
    const noKey = await sam.browser.submit(`${base}/items`, `${base}/items`, mcItem({ key: '' }));
    assert.equal(noKey.statusCode, 400);
    assert.match(noKey.body, /href="#key">Give the key: the letter of the right option/);
    const gap = await sam.browser.submit(`${base}/items`, `${base}/items`, mcItem({ option_b: '' }));
    assert.equal(gap.statusCode, 400);
    assert.match(gap.body, /href="#option_b">Option_b is empty but a later option is not/);
    const outOfRange = await sam.browser.submit(`${base}/items`, `${base}/items`, mcItem({ key: 'E' }));
    assert.match(outOfRange.body, /href="#key">The key must be one of the 3 options/);
    const vignette = await sam.browser.submit(`${base}/items`, `${base}/items`, {
      kind: 'vignette',
      exam: 'imh',
      status: 'draft',
      text: 'A mother and her infant.',
      category: 'clinical',
      rubric: 'Understands the dyad',
    });
    assert.equal(vignette.statusCode, 400);
    assert.match(vignette.body, /href="#rubric">Write each criterion as &quot;criterion: points&quot;/);
    // What was typed is kept.
    assert.match(vignette.body, /A mother and her infant\./);
  });

  test('a draft changes in place; once on a ready form, or active, a change makes the next version', async () => {
    const item = await latest('ATT-1');
    const page = `${base}/items/${item.id}`;
    const inPlace = await sam.browser.submit(
      page,
      page,
      mcItem({ text: 'Which is a sign of secure attachment?' }),
    );
    assert.equal(inPlace.statusCode, 303);
    assert.equal((await itemVersions(t.db.kysely, setup.ct.id, 'ATT-1')).length, 1);
    assert.equal((await latest('ATT-1')).text, 'Which is a sign of secure attachment?');
    assert.ok((await auditActions('exam-item.update')).some((e) => e.subject_id === item.id));

    // Made active, then changed: version 2 active, version 1 retired.
    const activate = await sam.browser.submit(page, `${page}/status`, { status: 'active' });
    assert.equal(activate.statusCode, 303);
    assert.ok((await auditActions('exam-item.status')).some((e) => e.subject_id === item.id));
    const changed = await sam.browser.submit(
      page,
      page,
      mcItem({ key: 'A', option_c: 'Freezing on reunion' }),
    );
    assert.equal(changed.statusCode, 303);
    const [v2, v1] = await itemVersions(t.db.kysely, setup.ct.id, 'ATT-1');
    assert.equal(v2!.version, 2);
    assert.equal(v2!.status, 'active');
    assert.equal(v1!.status, 'retired');
    assert.equal(v1!.options[2], 'Indifference on reunion', 'the old version is kept as it was');
    assert.equal(String(changed.headers.location), `${base}/items/${v2!.id}`);
    assert.ok((await auditActions('exam-item.version')).some((e) => e.subject_id === v2!.id));

    // The sample items are on the ready form, and draft ones there are versioned too.
    const onForm = (
      await searchItems(t.db.kysely, setup.ct.id, { kind: 'multiple-choice', text: 'sample item 1:' })
    ).items[0]!;
    const formPage = await sam.browser.get(`${base}/items/${onForm.id}`);
    assert.match(pageText(formPage.body), /Sample form \(ready\)/);
    const revised = await sam.browser.submit(`${base}/items/${onForm.id}`, `${base}/items/${onForm.id}`, {
      exam: 'imh',
      text: onForm.text,
      option_a: 'First option',
      option_b: 'Second option',
      option_c: 'Third option',
      option_d: 'A better fourth option',
      key: 'A',
      domains: onForm.domains,
    });
    assert.equal(revised.statusCode, 303);
    assert.equal((await itemVersions(t.db.kysely, setup.ct.id, onForm.code)).length, 2);
  });

  test('an earlier version is not changed, and status goes only forward, with clear errors', async () => {
    const [v2, v1] = await itemVersions(t.db.kysely, setup.ct.id, 'ATT-1');
    const old = await sam.browser.submit(`${base}/items/${v1!.id}`, `${base}/items/${v1!.id}`, mcItem());
    assert.equal(old.statusCode, 400);
    assert.match(pageText(old.body), /This is version 1 of ATT-1; change the latest, version 2/);
    const back = await sam.browser.submit(`${base}/items/${v2!.id}`, `${base}/items/${v2!.id}/status`, {
      status: 'draft',
    });
    assert.equal(back.statusCode, 400);
    assert.match(back.body, /href="#status">ATT-1 is active: it cannot go back to draft/);
    const retire = await sam.browser.submit(`${base}/items/${v2!.id}`, `${base}/items/${v2!.id}/status`, {
      status: 'retired',
    });
    assert.equal(retire.statusCode, 303);
    assert.equal((await latest('ATT-1')).status, 'retired');
  });
});

describe('a bank of a thousand items', () => {
  let mimi: Staff;
  const domains = ['1-theoretical-foundations', '4-direct-service-skills', '8-thinking', '9-reflection'];
  const statuses = ['draft', 'active', 'retired'];
  before(async () => {
    mimi = await staffMember(t, 'mi-aimh', 'Mimi Scorer', 'mimi.scorer@example.org', ['exam-scorer']);
    const mi = (await findAssociation(t.db.kysely, 'mi-aimh'))!;
    const header = 'code,kind,exam,status,text,option_a,option_b,option_c,option_d,key,domains';
    const rows = Array.from({ length: 1000 }, (_, i) =>
      [
        `BANK-${String(i).padStart(4, '0')}`,
        'multiple-choice',
        i % 2 ? 'ecmh' : 'imh',
        statuses[i % 3],
        `Question ${i} about ${i % 10 === 0 ? 'co-regulation' : 'attachment'} in the first year`,
        'One',
        'Two',
        'Three',
        'Four',
        'ABCD'[i % 4],
        domains[i % 4],
      ].join(','),
    );
    const done = await importItemsCsv(mimi.actor, mi.id, [header, ...rows].join('\n'), t.product);
    assert.equal(done.created, 1000);
  });

  const countOn = (body: string) => Number(/(\d+) items?/.exec(pageText(body))?.[1]);

  test('searched by words, domain, status and exam, in pages of 50', async () => {
    const all = await mimi.browser.get('/associations/mi-aimh/exam/items');
    assert.equal(countOn(all.body), 1000);
    assert.match(pageText(all.body), /page 1 of 20/);
    const words = await mimi.browser.get('/associations/mi-aimh/exam/items?q=co-regulation+first');
    assert.equal(countOn(words.body), 100);
    const domain = await mimi.browser.get('/associations/mi-aimh/exam/items?domain=8-thinking&status=active');
    // i ≡ 2 (mod 4) and i ≡ 1 (mod 3): i ≡ 10 (mod 12), 83 of them below 1000.
    assert.equal(countOn(domain.body), 83);
    const exam = await mimi.browser.get('/associations/mi-aimh/exam/items?exam=ecmh&q=BANK-099');
    assert.equal(countOn(exam.body), 5);
    const page20 = await mimi.browser.get('/associations/mi-aimh/exam/items?page=20');
    assert.match(pageText(page20.body), /BANK-0999/);
    assert.doesNotMatch(pageText(page20.body), /Next page/);
    const search = (await auditActions('exam-bank.read')).length; // Sam's own, unchanged by Mimi
    assert.ok(search > 0);
    const mimis = await t.db.kysely
      .selectFrom('audit_event')
      .select('after')
      .where('action', '=', 'exam-bank.read')
      .where('actor_id', '=', mimi.id)
      .execute();
    assert.ok(
      mimis.some((e) => String(e.after).includes('8-thinking')),
      'what was searched is audited',
    );
    const bad = await mimi.browser.get('/associations/mi-aimh/exam/items?status=lost');
    assert.equal(bad.statusCode, 400);
  });
});

describe('CSV and QTI', () => {
  test('the CSV exported imports back unchanged; a change makes a version; audited', async () => {
    const csv = await sam.browser.get(`${base}/items/export.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const rows = parseCsv(csv.body);
    assert.deepEqual(rows[0]!.slice(0, 5), ['code', 'kind', 'exam', 'status', 'text']);
    const before = (await searchItems(t.db.kysely, setup.ct.id, { limit: 10_000, latestOnly: false })).total;
    const again = await sam.browser.submit(`${base}/items/import`, `${base}/items/import`, {
      format: 'csv',
      file: csv.body,
    });
    assert.equal(again.statusCode, 303, pageText(again.body).slice(0, 600));
    const notice = pageText((await sam.browser.get(String(again.headers.location))).body);
    assert.match(
      notice,
      new RegExp(`0 new, 0 new versions, 0 drafts changed, 0 statuses changed, ${rows.length - 1} unchanged`),
    );
    assert.equal(
      (await searchItems(t.db.kysely, setup.ct.id, { limit: 10_000, latestOnly: false })).total,
      before,
    );

    const vignetteRow = rows.find((r) => r[1] === 'vignette' && r[3] === 'active')!;
    vignetteRow[4] = 'A father and his toddler.';
    const changed = await sam.browser.submit(`${base}/items/import`, `${base}/items/import`, {
      format: 'csv',
      file: [rows[0]!, vignetteRow]
        .map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(','))
        .join('\r\n'),
    });
    assert.equal(changed.statusCode, 303);
    const [v2, v1] = await itemVersions(t.db.kysely, setup.ct.id, vignetteRow[0]!);
    assert.equal(v2!.text, 'A father and his toddler.');
    assert.equal(v2!.status, 'active');
    assert.equal(v1!.status, 'retired');
    assert.equal(v2!.rubric.length, 2);
    assert.ok((await auditActions('exam-item.export')).length >= 1);
    const imports = await auditActions('exam-item.import');
    assert.equal(imports.length, 2);
  });

  test('a bad CSV names each row and column, and saves nothing', async () => {
    const before = (await searchItems(t.db.kysely, setup.ct.id, { limit: 10_000, latestOnly: false })).total;
    const file = [
      'code,kind,exam,text,option_a,option_b,key,domains',
      'NEW-1,multiple-choice,imh,A good item,Yes,No,A,8-thinking',
      'NEW-2,multiple-choice,imh,No key here,Yes,No,,8-thinking',
      'NEW-3,multiple-choice,imh,An odd domain,Yes,No,B,99-nothing',
      'NEW-4,essay,imh,A kind unknown,,,,',
    ].join('\n');
    const res = await sam.browser.submit(`${base}/items/import`, `${base}/items/import`, {
      format: 'csv',
      file,
    });
    assert.equal(res.statusCode, 400);
    const text = pageText(res.body);
    assert.match(text, /Nothing was imported: row 3, key: give the key/);
    assert.match(text, /row 4, domains: "99-nothing" is not a competency domain/);
    assert.match(text, /row 5, kind: the kind "essay" is neither/);
    assert.equal(
      (await searchItems(t.db.kysely, setup.ct.id, { limit: 10_000, latestOnly: false })).total,
      before,
    );
    assert.equal(
      (await itemVersions(t.db.kysely, setup.ct.id, 'NEW-1')).length,
      0,
      'the good row is not saved either',
    );
    const header = await sam.browser.submit(`${base}/items/import`, `${base}/items/import`, {
      format: 'csv',
      file: 'code,kind,exam,stem\nX,multiple-choice,imh,Y',
    });
    assert.match(pageText(header.body), /row 1, stem: not a column of the bank/);
  });

  const children = (e: XmlElement, name: string) =>
    e.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === name);

  test('QTI 3.0: each multiple-choice item an assessment item with its correct response; read back unchanged', async () => {
    const res = await sam.browser.get(`${base}/items/export.qti.xml?status=active`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /application\/xml/);
    const root = parseXml(res.body);
    const wrapped = children(root, 'endorse-item');
    const active = await searchItems(t.db.kysely, setup.ct.id, { kind: 'multiple-choice', status: 'active' });
    assert.equal(wrapped.length, active.total);
    for (const w of wrapped) {
      const item = children(w, 'qti-assessment-item')[0]!;
      assert.equal(item.attributes.xmlns, qtiNamespace);
      const row = active.items.find((i) => i.code === item.attributes.identifier)!;
      const declaration = children(item, 'qti-response-declaration')[0]!;
      assert.equal(declaration.attributes.cardinality, 'single');
      const value = children(children(declaration, 'qti-correct-response')[0]!, 'qti-value')[0]!;
      assert.equal(value.children.join('').trim(), 'ABCDEFGH'[row.answerKey!]);
      const interaction = children(children(item, 'qti-item-body')[0]!, 'qti-choice-interaction')[0]!;
      assert.equal(children(interaction, 'qti-simple-choice').length, row.options.length);
      assert.equal(w.attributes.domains, row.domains.join(';'));
    }
    const back = await sam.browser.submit(`${base}/items/import`, `${base}/items/import`, {
      format: 'qti',
      file: res.body,
    });
    assert.equal(back.statusCode, 303, pageText(back.body).slice(0, 600));
    assert.match(
      pageText((await sam.browser.get('/associations/ct-aimh/exam/items')).body),
      new RegExp(`${active.total} unchanged`),
    );
  });

  test('QTI items from another tool take the exam and domain chosen; a broken one is refused', async () => {
    const item = (
      id: string,
      key: string,
    ) => `<qti-assessment-item xmlns="${qtiNamespace}" identifier="${id}" title="t" adaptive="false" time-dependent="false">
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier">
    <qti-correct-response><qti-value>${key}</qti-value></qti-correct-response>
  </qti-response-declaration>
  <qti-item-body><qti-choice-interaction response-identifier="RESPONSE" max-choices="1">
    <qti-prompt>Serve &amp; return is <![CDATA[<early>]]> interaction</qti-prompt>
    <qti-simple-choice identifier="c1">True</qti-simple-choice>
    <qti-simple-choice identifier="c2">False</qti-simple-choice>
  </qti-choice-interaction></qti-item-body>
</qti-assessment-item>`;
    const ok = await sam.browser.submit(`${base}/items/import`, `${base}/items/import`, {
      format: 'qti',
      file: `<?xml version="1.0"?><!-- from elsewhere --><batch>${item('EXT-1', 'c1')}</batch>`,
      exam: 'ecmh',
      domain: '8-thinking',
    });
    assert.equal(ok.statusCode, 303, pageText(ok.body).slice(0, 600));
    const ext = await latest('EXT-1');
    assert.equal(ext.text, 'Serve & return is <early> interaction');
    assert.equal(ext.answerKey, 0);
    assert.equal(ext.exam, 'ecmh');
    assert.deepEqual(ext.domains, ['8-thinking']);
    const bad = await sam.browser.submit(`${base}/items/import`, `${base}/items/import`, {
      format: 'qti',
      file: `<batch>${item('EXT-2', 'c1')}${item('EXT-3', 'c9')}</batch>`,
      exam: 'ecmh',
      domain: '8-thinking',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(
      pageText(bad.body),
      /item 2, qti-correct-response: the correct response "c9" is not the identifier/,
    );
    assert.equal((await itemVersions(t.db.kysely, setup.ct.id, 'EXT-2')).length, 0);
    const broken = await sam.browser.submit(`${base}/items/import`, `${base}/items/import`, {
      format: 'qti',
      file: '<batch><qti-assessment-item></batch>',
    });
    assert.match(pageText(broken.body), /&lt;\/batch> closes &lt;qti-assessment-item> \(line 1\)/);
  });
});

describe('forms', () => {
  test('composed from chosen codes, made ready (then fixed), retired; each step audited', async () => {
    const codes = (
      await searchItems(t.db.kysely, setup.ct.id, { exam: 'imh', status: 'active', limit: 100 })
    ).items
      .filter((i) => i.kind === 'multiple-choice' || i.category === 'clinical')
      .map((i) => i.code);
    const composed = await sam.browser.submit(`${base}/forms`, `${base}/forms`, {
      name: 'Chosen form',
      exam: 'imh',
      category: 'clinical',
      how: 'chosen',
      itemCodes: codes.join(', '),
    });
    assert.equal(composed.statusCode, 303, pageText(composed.body).slice(0, 600));
    const formUrl = String(composed.headers.location);
    const page = await sam.browser.get(formUrl);
    assert.match(pageText(page.body), /Draft/);
    assert.match(
      pageText(page.body),
      /A: First option|B: Second option/,
      'the keys are shown to the exam administrator',
    );
    const ready = await sam.browser.submit(formUrl, `${formUrl}/ready`, {});
    assert.equal(ready.statusCode, 303);
    const twice = await sam.browser.submit(formUrl, `${formUrl}/ready`, {});
    assert.equal(twice.statusCode, 409);
    assert.match(pageText(twice.body), /the form is ready already/i);
    const retire = await sam.browser.submit(formUrl, `${formUrl}/retire`, {});
    assert.equal(retire.statusCode, 303);
    assert.match(pageText((await sam.browser.get(formUrl)).body), /Retired/);
    const list = await sam.browser.get(`${base}/forms`);
    assert.match(pageText(list.body), /Chosen form/);
    for (const action of ['exam-form.create', 'exam-form.ready', 'exam-form.retire'])
      assert.ok((await auditActions(action)).length >= 1, action);
  });

  test('a draw larger than the bank is refused naming the field; an unknown code too', async () => {
    const draw = await sam.browser.submit(`${base}/forms`, `${base}/forms`, {
      name: 'Too big',
      exam: 'imh',
      category: 'clinical',
      how: 'draw',
      mcItems: '500',
      vignettes: '',
    });
    assert.equal(draw.statusCode, 400);
    assert.match(
      draw.body,
      /href="#mcItems">The bank has \d+ active items for this exam; the form needs 500/,
    );
    const unknown = await sam.browser.submit(`${base}/forms`, `${base}/forms`, {
      name: 'Unknown',
      exam: 'imh',
      category: 'clinical',
      how: 'chosen',
      itemCodes: 'NOPE-1',
    });
    assert.match(unknown.body, /href="#itemCodes">No item NOPE-1 in the bank/);
  });
});

describe('only exam administrators', () => {
  test('a coordinator, an applicant and another association find nothing; no key reaches them', async () => {
    const applicant = await staffMember(t, 'ct-aimh', 'Apple Applicant', 'apple@example.org', ['applicant']);
    const item = await latest('ATT-1');
    const urls = [
      `${base}/items`,
      `${base}/items/${item.id}`,
      `${base}/items/import`,
      `${base}/items/export.csv`,
      `${base}/items/export.qti.xml`,
      `${base}/forms`,
      `${base}/forms/${setup.form.id}`,
    ];
    const mimi = t.browser();
    await mimi.signIn('mimi.scorer@example.org');
    for (const who of [setup.cora.browser, applicant.browser, mimi])
      for (const url of urls) {
        const res = await who.get(url);
        assert.equal(res.statusCode, 404, url);
        assert.doesNotMatch(res.body, /Seeking comfort|First option|the key/i, url);
      }
    const post = await setup.cora.browser.submit('/account', `${base}/items`, mcItem({ code: 'CORA-1' }));
    assert.equal(post.statusCode, 404);
    assert.equal((await itemVersions(t.db.kysely, setup.ct.id, 'CORA-1')).length, 0);
    const nav = await sam.browser.get('/');
    assert.match(nav.body, /href="\/associations\/ct-aimh\/exam\/items"/);
    const coraNav = await setup.cora.browser.get('/');
    assert.doesNotMatch(coraNav.body, /exam\/items/);
  });
});
