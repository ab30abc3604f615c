// Shared by the portfolio tests: multipart posts (forms with files), the
// checklist as the application page shows it, and minimal real files.
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { applicationsOfPerson } from '../../src/db/repositories/applications.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { type Browser, csrfToken, type Form, hiddenFields, pageText, type TestApp } from './http.ts';

export interface FileToSend {
  name: string;
  bytes: Buffer;
  type?: string;
}

/**
 * Opens the page a form is on and posts it as multipart/form-data, as a
 * browser does for a form with a file input: its hidden fields, `form`, files.
 */
export async function submitMultipart(
  b: Browser,
  pageUrl: string,
  action: string,
  form: Form,
  files: Record<string, FileToSend> = {},
): Promise<LightMyRequestResponse> {
  const page = await b.get(pageUrl);
  assert.equal(page.statusCode, 200, `GET ${pageUrl}`);
  const data = new FormData();
  const fields: Form = { _csrf: csrfToken(page.body), ...hiddenFields(page.body, action), ...form };
  for (const [k, v] of Object.entries(fields))
    for (const one of Array.isArray(v) ? v : [v]) data.append(k, one);
  for (const [k, f] of Object.entries(files))
    data.append(
      k,
      new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'application/octet-stream' }),
      f.name,
    );
  const request = new Request('http://localhost/', { method: 'POST', body: data });
  return b.app.inject({
    method: 'POST',
    url: action,
    headers: { cookie: b.cookieHeader(), 'content-type': request.headers.get('content-type')! },
    payload: Buffer.from(await request.arrayBuffer()),
  });
}

/** A small but real PDF: one empty page, with a correct cross-reference table. */
export function minimalPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A 1×1 PNG. */
export const minimalPng = (): Buffer =>
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  );

export interface Requirement {
  id: string;
  status: 'met' | 'unmet';
  summary: string;
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The requirements of the live checklist on a page, by id (imhs.training.hours…). */
export function checklistOf(html: string): Map<string, Requirement> {
  const out = new Map<string, Requirement>();
  const re =
    /<li class="requirement requirement-(met|unmet)" id="req-([^"]+)">[\s\S]*?<p class="requirement-summary">([^<]*)<\/p>/g;
  for (const m of html.matchAll(re))
    out.set(m[2]!, { id: m[2]!, status: m[1] as 'met' | 'unmet', summary: decode(m[3]!) });
  return out;
}

/** The checklist of an application, from its page. */
export async function checklist(b: Browser, applicationId: string): Promise<Map<string, Requirement>> {
  const res = await b.get(`/applications/${applicationId}`);
  assert.equal(res.statusCode, 200, pageText(res.body).slice(0, 300));
  return checklistOf(res.body);
}

export async function requirement(b: Browser, applicationId: string, id: string): Promise<Requirement> {
  const r = (await checklist(b, applicationId)).get(id);
  assert.ok(r, `the checklist has ${id}`);
  return r;
}

/** Signs someone up and starts their applications; returns their id and the applications' ids. */
export async function applicant(
  t: TestApp,
  name: string,
  email: string,
  applications: Array<[association: string, credential: string]>,
): Promise<{ browser: Browser; id: string; applications: string[] }> {
  const browser = t.browser();
  await browser.signUp({ name, email });
  const person = await findPersonByEmail(t.db.kysely, email);
  assert.ok(person);
  const ids: string[] = [];
  for (const [association, credential] of applications) {
    const res = await browser.submit('/applications', '/applications', { association, credential });
    assert.equal(res.statusCode, 303);
    const all = await applicationsOfPerson(t.db.kysely, person.id);
    ids.push(all.at(-1)!.id);
  }
  return { browser, id: person.id, applications: ids };
}

/** The id of the entry an "Edit" link on a section page points at (the n-th, from 0). */
export function entryIds(html: string, section: string): string[] {
  const re = new RegExp(`href="/portfolio/${section}/([0-9a-f-]{36})`, 'g');
  return [...new Set([...html.matchAll(re)].map((m) => m[1]!))];
}

/** The value of a hidden input of the form posting to `action`, with HTML entities decoded. */
export function hiddenValue(html: string, action: string, name: string): string {
  const forms = html.match(/<form\b[^>]*>[\s\S]*?<\/form>/g) ?? [];
  const form = forms.find((f) => f.includes(`action="${action}"`));
  assert.ok(form, `a form posting to ${action}`);
  const input = (form.match(/<input\b[^>]*>/g) ?? []).find((i) => i.includes(`name="${name}"`));
  assert.ok(input, `a field ${name}`);
  return decode(/value="([^"]*)"/.exec(input)?.[1] ?? '');
}

/** The values of the ticked checkboxes named `name` of the form posting to `action` (what a browser sends). */
export function checkedValues(html: string, action: string, name: string): string[] {
  const forms = html.match(/<form\b[^>]*>[\s\S]*?<\/form>/g) ?? [];
  const form = forms.find((f) => f.includes(`action="${action}"`));
  assert.ok(form, `a form posting to ${action}`);
  return (form.match(/<input\b[^>]*>/g) ?? [])
    .filter((i) => i.includes('type="checkbox"') && i.includes(`name="${name}"`) && /\schecked/.test(i))
    .map((i) => decode(/value="([^"]*)"/.exec(i)?.[1] ?? ''));
}

/**
 * Confirms the import preview `preview` as a browser would send it: its signed
 * plan and the ticks as they are (all, unless `apply` says which).
 */
export function confirmImport(
  b: Browser,
  preview: string,
  options: { application?: string; apply?: string[] } = {},
): Promise<LightMyRequestResponse> {
  const action = '/portfolio/import/confirm';
  return submitMultipart(b, '/portfolio/import', action, {
    plan: hiddenValue(preview, action, 'plan'),
    apply: options.apply ?? checkedValues(preview, action, 'apply'),
    ...(options.application ? { application: options.application } : {}),
  });
}
