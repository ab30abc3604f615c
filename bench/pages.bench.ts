// Page throughput (issue 13): the applicant's checklist page and two signed-in
// pages that do little, against a bare Fastify route measured in the same run,
// 10 connections each. The server runs as `npm start` runs it, on a data dir
// filled by `endorse seed --demo` (through the real services), and the pages
// are those of a demo applicant with a full checklist.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, finish, scale, verdict } from './harness.ts';
import { loadConfig } from '../src/config.ts';
import { load, type LoadResult, startBare, startEndorse, Visitor, waitForIdleQueue } from './load.ts';

const root = new URL('..', import.meta.url).pathname;
const seconds = scale(5, 1);
const connections = 10;
const applicant = 'lee@demo.endorse.test';
const password = 'endorse-demo-password';

/** CPU time a process has used, in ms (user and system, from /proc): per request, it holds up on a busy machine. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in ticks of 1/100 s
}

const dataDir = mkdtempSync(join(tmpdir(), 'endorse-bench-pages-'));
execFileSync(process.execPath, ['bin/endorse.js', 'seed', '--demo'], {
  cwd: root,
  env: { ...process.env, ENDORSE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
  stdio: 'ignore',
});

const bare = await startBare();
const server = await startEndorse({ ENDORSE_DATA_DIR: dataDir });
try {
  // What the seed queued (mail, reminders) and the daily sweeps are done before anything is measured.
  await waitForIdleQueue(loadConfig({ ENDORSE_DATA_DIR: dataDir }));
  const visitor = new Visitor(server.url);
  await visitor.signIn(applicant, password);
  const list = await (await visitor.get('/applications')).text();
  const id = /href="\/applications\/([0-9a-f-]{36})"/.exec(list)?.[1];
  check(
    'the applicant has an application',
    id !== undefined,
    id ?? 'no /applications/<id> link on /applications',
  );

  const pages = [
    { name: 'checklist', path: `/applications/${id}`, expect: /<h2 id="checklist-title">Checklist: IMHS / },
    { name: '/account', path: '/account', expect: /<h1>Your account<\/h1>/ },
    { name: '/', path: '/', expect: /<h1>Welcome, Lee Applicant<\/h1>/ },
  ];
  for (const page of pages) {
    const res = await visitor.get(page.path);
    const html = await res.text();
    check(
      `${page.name} answers the page`,
      res.status === 200 && page.expect.test(html),
      `${res.status}, ${html.length} bytes`,
    );
  }

  const measure = async (
    name: string,
    { url, child }: { url: string; child: { pid?: number } },
    path: string,
    cookie?: string,
  ): Promise<LoadResult> => {
    await load(url, path, { connections, seconds: 1, cookie }); // warm-up
    const cpuBefore = cpuMs(child.pid!);
    const result = await load(url, path, { connections, seconds, cookie });
    const cpuPerRequest = ((cpuMs(child.pid!) - cpuBefore) * 1000) / result.requests;
    console.log(
      `${name.padEnd(12)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms` +
        `  server CPU ${cpuPerRequest.toFixed(0)} µs/request` +
        (result.failed ? `  (${result.failed} failed)` : ''),
    );
    check(
      `${name} under load answers 2xx`,
      result.failed === 0,
      `${result.failed} of ${result.requests} not 2xx`,
    );
    return result;
  };

  const floor = await measure('bare route', bare, '/');
  const results = new Map<string, LoadResult>();
  for (const page of pages)
    results.set(page.name, await measure(page.name, server, page.path, visitor.cookie));

  const ratio = (name: string) => results.get(name)!.rps / floor.rps;
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const where = `${connections} connections, bare route ${floor.rps.toFixed(0)} req/s`;
  console.log(
    `ratios to the bare route: ${pages.map((p) => `${p.name} ${percent(ratio(p.name))}`).join(', ')}`,
  );
  verdict('checklist page, share of the bare route', ratio('checklist'), { atLeast: 0.1 }, percent, where);
  verdict('checklist page p99', results.get('checklist')!.p99, { atMost: 25 }, (v) => `${v} ms`, where);
  verdict(
    'signed-in empty page (/account), share of the bare route',
    ratio('/account'),
    { atLeast: 0.2 },
    percent,
    where,
  );
  verdict('signed-in empty page (/), share of the bare route', ratio('/'), { atLeast: 0.2 }, percent, where);
} finally {
  await server.stop();
  await bare.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
finish();
