// The real `endorse` binary, run as a user runs it: `node bin/endorse.js …`
// (and once through `npx endorse`), checking output and exit status.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { requirementKinds, root, runCommand, runNode } from '../helpers/run.ts';

const bin = join(root, 'bin', 'endorse.js');
const imhsExample = join(root, 'examples', 'portfolio-imhs.json');
const mentorExample = join(root, 'examples', 'portfolio-mentor-ct.json');
const ctMentorSource = '000_af564b86f633d93f.txt';

const endorse = (args: string[], input?: string) => runNode([bin, ...args], input);
/** `endorse COMMAND FILE OPTIONS`, the options written as on a command line (no value holds a space). */
const endorseFile = (command: string, file: string, options: string, input?: string) =>
  endorse([command, file, ...options.split(' ')], input);

const tmp = mkdtempSync(join(tmpdir(), 'endorse-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

let written = 0;
/** Writes `content` (a value, stored as JSON, or raw text) to a temporary file and returns its path. */
function tempFile(content: unknown): string {
  const file = join(tmp, `portfolio-${++written}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const imhsPortfolio = () => JSON.parse(readFileSync(imhsExample, 'utf8')) as Record<string, unknown>;

/** Checks the result printed by `evaluate --json` / `renewal --json` against the spec's shape. */
function assertResultShape(result: Record<string, unknown>, kinds: readonly string[]): void {
  assert.equal(typeof result.association, 'string');
  assert.equal(typeof result.credential, 'string');
  assert.ok(result.status === 'met' || result.status === 'unmet', `status ${String(result.status)}`);
  assert.ok(Array.isArray(result.requirements) && result.requirements.length > 0, 'requirements[]');
  for (const r of result.requirements as Array<Record<string, unknown>>) {
    assert.match(String(r.id), /^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'id');
    assert.ok(kinds.includes(String(r.kind)), `kind ${String(r.kind)} of ${String(r.id)}`);
    assert.ok(r.status === 'met' || r.status === 'unmet', `status of ${String(r.id)}`);
    assert.equal(typeof r.summary, 'string');
    assert.ok((r.summary as string).length > 0, `summary of ${String(r.id)}`);
    assert.match(String(r.source), /^\d{3}_[0-9a-f]+\.txt$/, `source of ${String(r.id)}`);
    assert.ok(Array.isArray(r.evidence), `evidence of ${String(r.id)}`);
    for (const e of r.evidence as unknown[]) assert.equal(typeof e, 'string');
    assert.ok(Array.isArray(r.missing), `missing of ${String(r.id)}`);
    if (r.status === 'unmet')
      assert.ok((r.missing as unknown[]).length > 0, `${String(r.id)} says what is missing`);
    else assert.deepEqual(r.missing, []);
  }
  const overall = (result.requirements as Array<{ status: string }>).every((r) => r.status === 'met')
    ? 'met'
    : 'unmet';
  assert.equal(result.status, overall, 'overall status follows the requirements');
}

// Each run starts Node and tsx (about half a second): run a few at a time, one per core.
describe('endorse (the real binary)', { concurrency: Math.max(2, availableParallelism()) }, () => {
  test('--help exits 0 and lists every command and association', async () => {
    const { code, stdout, stderr } = await endorse(['--help']);
    assert.equal(code, 0, stderr);
    for (const command of ['evaluate', 'renewal', 'eligible', 'catalog', 'schema'])
      assert.match(stdout, new RegExp(`endorse ${command}\\b`), command);
    assert.match(stdout, /mi-aimh, ct-aimh, ncimha, alliance/);
    assert.match(stdout, /0 met, 1 not met, 2 bad input/);
  });

  test('`npx endorse --help` runs the command through package.json "bin"', async () => {
    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    const { code, stdout, stderr } = await runCommand(npx, ['--no-install', 'endorse', '--help']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^endorse: check an endorsement portfolio/);
    assert.match(stdout, /endorse evaluate FILE/);
  });

  describe('evaluate', () => {
    test('a met portfolio exits 0 and says MET', async () => {
      const { code, stdout, stderr } = await endorseFile(
        'evaluate',
        imhsExample,
        '--association mi-aimh --credential IMHS --on 2026-11-22',
      );
      assert.equal(code, 0, stderr);
      assert.equal(stderr, '');
      assert.match(stdout, /^Rosa Example: mi-aimh IMHS, on 2026-11-22$/m);
      assert.match(stdout, /^MET: all 8 requirements are met\.$/m);
      assert.match(stdout, /52 of 50 hours between 2015-01-05 and 2016-06-30/);
      assert.doesNotMatch(stdout, /missing:/);
    });

    test('an unmet portfolio exits 1 and says what is missing', async () => {
      const { code, stdout, stderr } = await endorseFile(
        'evaluate',
        imhsExample,
        '-a mi-aimh -c IMHM-C --on 2026-11-22',
      );
      assert.equal(code, 1, stderr);
      assert.match(stdout, /^NOT MET: \d+ of \d+ requirements are not met yet\.$/m);
      assert.match(stdout, /^\s+missing: .*practice leader/m);
      assert.match(stdout, /✗ work/);
    });

    test('the same portfolio on an earlier date is unmet: entries after the date are ignored', async () => {
      const { code, stdout } = await endorseFile(
        'evaluate',
        imhsExample,
        '-a mi-aimh -c IMHS --on 2020-01-01',
      );
      assert.equal(code, 1);
      assert.match(stdout, /missing: pass the written examination/);
      assert.match(stdout, /missing: sign the Code of Ethics/);
    });

    test('--json prints the spec result shape (met)', async () => {
      const { code, stdout, stderr } = await endorseFile(
        'evaluate',
        imhsExample,
        '-a mi-aimh -c IMHS --on 2026-11-22 --json',
      );
      assert.equal(code, 0, stderr);
      const result = JSON.parse(stdout) as Record<string, unknown>;
      assertResultShape(result, requirementKinds);
      assert.equal(result.association, 'mi-aimh');
      assert.equal(result.credential, 'IMHS');
      assert.equal(result.on, '2026-11-22');
      assert.equal(result.status, 'met');
      const rsc = (result.requirements as Array<Record<string, unknown>>).find(
        (r) => r.id === 'imhs.rsc.hours',
      );
      assert.deepEqual(
        {
          kind: rsc?.kind,
          status: rsc?.status,
          summary: rsc?.summary,
          source: rsc?.source,
          evidence: rsc?.evidence,
        },
        {
          kind: 'rsc',
          status: 'met',
          summary: '52 of 50 hours between 2015-01-05 and 2016-06-30',
          source: '001_a4361f1f3dc13180.txt',
          evidence: ['rsc[0]'],
        },
      );
    });

    test('--json prints the spec result shape (unmet) and exits 1', async () => {
      const { code, stdout } = await endorseFile(
        'evaluate',
        mentorExample,
        '-a ct-aimh -c IMHM-C --on 2017-01-01 --json',
      );
      assert.equal(code, 1);
      const result = JSON.parse(stdout) as Record<string, unknown>;
      assertResultShape(result, requirementKinds);
      assert.equal(result.status, 'unmet');
      assert.equal(result.on, '2017-01-01');
    });

    test('a second association: the CT mentor example meets IMHM-C under the 2024 rules', async () => {
      const { code, stdout, stderr } = await endorseFile(
        'evaluate',
        mentorExample,
        '-a ct-aimh -c IMHM-C --on 2026-11-22 --json',
      );
      assert.equal(code, 0, stderr);
      const result = JSON.parse(stdout) as {
        status: string;
        requirements: Array<{ id: string; summary: string }>;
      };
      assert.equal(result.status, 'met');
      const training = result.requirements.find((r) => r.id === 'imhm-c.training.hours');
      assert.match(training?.summary ?? '', /of 48 hours.*IMH 30 of 30, RSC 15 of 15, DEI 3 of 3/);
    });

    test('reads the portfolio from standard input with "-"', async () => {
      const { code, stdout, stderr } = await endorse(
        ['evaluate', '-', '-a', 'mi-aimh', '-c', 'IMHS', '--on', '2026-11-22', '--json'],
        readFileSync(imhsExample, 'utf8'),
      );
      assert.equal(code, 0, stderr);
      const result = JSON.parse(stdout) as { status: string; credential: string };
      assert.equal(result.status, 'met');
      assert.equal(result.credential, 'IMHS');
    });
  });

  describe('bad input and usage exit 2 with a message', () => {
    test('an invalid portfolio names the JSON path at fault', async () => {
      const p = imhsPortfolio();
      (p.work as Array<Record<string, unknown>>)[0]!.fte = 2;
      const { code, stdout, stderr } = await endorseFile('evaluate', tempFile(p), '-a mi-aimh -c IMHS');
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, /the portfolio is not valid/);
      assert.match(stderr, /^\s+work\[0\]\.fte: must be at most 1$/m);
    });

    test('every problem is listed, each with its own path', async () => {
      const p = imhsPortfolio();
      (p.references as Array<Record<string, unknown>>)[1]!.relationship = 'boss';
      (p.training as Array<Record<string, unknown>>)[2]!.date = '2020-02-30';
      p.format = 'endorse-portfolio/2';
      const { code, stderr } = await endorseFile('evaluate', tempFile(p), '-a mi-aimh -c IMHS');
      assert.equal(code, 2);
      assert.match(stderr, /^\s+format: must be "endorse-portfolio\/1"$/m);
      assert.match(stderr, /^\s+references\[1\]\.relationship: must be one of program-supervisor, /m);
      assert.match(stderr, /^\s+training\[2\]\.date: must be a real date written YYYY-MM-DD$/m);
    });

    test('an invalid portfolio on stdin is refused the same way', async () => {
      const p = imhsPortfolio();
      (p.rsc as Array<Record<string, unknown>>)[0]!.to = '2014-01-01';
      const { code, stderr } = await endorse(
        ['evaluate', '-', '-a', 'mi-aimh', '-c', 'IMHS'],
        JSON.stringify(p),
      );
      assert.equal(code, 2);
      assert.match(stderr, /rsc\[0\]\.to: ends before it begins/);
    });

    test('a file that does not exist', async () => {
      const missing = join(tmp, 'no-such-portfolio.json');
      const { code, stdout, stderr } = await endorseFile('evaluate', missing, '-a mi-aimh -c IMHS');
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.ok(stderr.includes(`cannot read ${missing}: no such file`), stderr);
    });

    test('a file that is not JSON', async () => {
      const file = tempFile('{ "format": "endorse-portfolio/1", ');
      const { code, stderr } = await endorseFile('evaluate', file, '-a mi-aimh -c IMHS');
      assert.equal(code, 2);
      assert.ok(stderr.includes(`${file} is not valid JSON`), stderr);
    });

    test('an unknown association lists the known ones', async () => {
      const { code, stderr } = await endorseFile('evaluate', imhsExample, '-a tx-aimh -c IMHS');
      assert.equal(code, 2);
      assert.match(stderr, /no association "tx-aimh"; known: mi-aimh, ct-aimh, ncimha, alliance/);
    });

    test("a credential the association does not have lists the association's credentials", async () => {
      const { code, stderr } = await endorseFile('evaluate', imhsExample, '-a ncimha -c IFA');
      assert.equal(code, 2);
      assert.match(stderr, /ncimha has no credential "IFA"; it has IMHS/);
    });

    test('--association missing', async () => {
      const { code, stderr } = await endorseFile('evaluate', imhsExample, '--credential IMHS');
      assert.equal(code, 2);
      assert.match(stderr, /--association is required/);
    });

    test('--credential missing', async () => {
      const { code, stderr } = await endorseFile('evaluate', imhsExample, '--association mi-aimh');
      assert.equal(code, 2);
      assert.match(stderr, /--credential is required/);
    });

    test('an --on that is not a real date', async () => {
      for (const on of ['2026-13-01', '22/11/2026', '2026-02-29']) {
        const { code, stderr } = await endorse([
          'evaluate',
          imhsExample,
          '-a',
          'mi-aimh',
          '-c',
          'IMHS',
          '--on',
          on,
        ]);
        assert.equal(code, 2, on);
        assert.ok(stderr.includes(`--on must be a date written YYYY-MM-DD, not "${on}"`), stderr);
      }
    });

    test('no portfolio file, or two', async () => {
      const none = await endorse(['evaluate', '-a', 'mi-aimh', '-c', 'IMHS']);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /give exactly one portfolio file/);
      const two = await endorse(['evaluate', imhsExample, mentorExample, '-a', 'mi-aimh', '-c', 'IMHS']);
      assert.equal(two.code, 2);
      assert.match(two.stderr, /give exactly one portfolio file \(got 2\)/);
    });

    test('an unknown option or command', async () => {
      const option = await endorseFile('evaluate', imhsExample, '-a mi-aimh -c IMHS --bogus');
      assert.equal(option.code, 2);
      assert.match(option.stderr, /Unknown option '--bogus'/);
      const command = await endorse(['judge', imhsExample]);
      assert.equal(command.code, 2);
      assert.match(command.stderr, /unknown command "judge"; try: endorse --help/);
    });
  });

  describe('renewal', () => {
    test('--from/--to judges that renewal year (met, exit 0)', async () => {
      const { code, stdout, stderr } = await endorseFile(
        'renewal',
        mentorExample,
        '-a ct-aimh -c IMHM-C --from 2025-11-23 --to 2026-11-22 --json',
      );
      assert.equal(code, 0, stderr);
      const result = JSON.parse(stdout) as Record<string, unknown>;
      assertResultShape(result, ['training', 'rsc', 'membership']);
      assert.equal(result.from, '2025-11-23');
      assert.equal(result.to, '2026-11-22');
      assert.equal(result.status, 'met');
      assert.equal('on' in result, false);
      const ids = (result.requirements as Array<{ id: string }>).map((r) => r.id);
      assert.ok(ids.includes('imhm-c.renewal.rsc.hours'), ids.join());
    });

    test('a year without training is unmet (exit 1) and says how many hours are missing', async () => {
      const { code, stdout } = await endorseFile(
        'renewal',
        imhsExample,
        '-a mi-aimh -c IMHS --from 2025-11-23 --to 2026-11-22',
      );
      assert.equal(code, 1);
      assert.match(stdout, /renewal year 2025-11-23 to 2026-11-22/);
      assert.match(
        stdout,
        /missing: 15 more hours of specialized training in infant mental health between 2025-11-23 and 2026-11-22/,
      );
    });

    test('the period defaults to the 12 months ending on --to', async () => {
      const { code, stdout } = await endorseFile(
        'renewal',
        imhsExample,
        '-a mi-aimh -c IMHS --to 2026-06-30 --json',
      );
      assert.equal(code, 1);
      const result = JSON.parse(stdout) as { from: string; to: string };
      assert.deepEqual({ from: result.from, to: result.to }, { from: '2025-07-01', to: '2026-06-30' });
    });

    test('the period defaults to the 12 months ending on --on', async () => {
      const { stdout } = await endorseFile(
        'renewal',
        imhsExample,
        '-a mi-aimh -c IMHS --on 2024-02-29 --json',
      );
      const result = JSON.parse(stdout) as { from: string; to: string };
      assert.deepEqual({ from: result.from, to: result.to }, { from: '2023-03-01', to: '2024-02-29' });
    });

    test('a period that ends before it starts is a usage error', async () => {
      const { code, stderr } = await endorseFile(
        'renewal',
        imhsExample,
        '-a mi-aimh -c IMHS --from 2026-11-23 --to 2026-11-22',
      );
      assert.equal(code, 2);
      assert.match(stderr, /the renewal period starts \(2026-11-23\) after it ends \(2026-11-22\)/);
    });
  });

  describe('eligible', () => {
    test('lists every MI-AIMH credential, best fit first, and exits 0 when one is met', async () => {
      const { code, stdout, stderr } = await endorseFile(
        'eligible',
        imhsExample,
        '-a mi-aimh --on 2026-11-22',
      );
      assert.equal(code, 0, stderr);
      const rows = stdout.split('\n').filter((line) => /^[✓✗] /.test(line));
      assert.equal(rows.length, 6);
      for (const id of ['IFA', 'IFS', 'IMHS', 'IMHM-C', 'IMHM-P', 'IMHM-RF'])
        assert.ok(
          rows.some((row) => row.split(/\s+/)[1] === id),
          id,
        );
      assert.match(rows[0]!, /^✓ IMHS\s+Infant Mental Health Specialist \(Level 3\): met$/);
    });

    test('--json rows are sorted: met first, then fewest unmet, then higher level', async () => {
      const { code, stdout } = await endorseFile(
        'eligible',
        imhsExample,
        '-a mi-aimh --on 2026-11-22 --json',
      );
      assert.equal(code, 0);
      const rows = JSON.parse(stdout) as Array<{
        credential: string;
        status: string;
        unmet: number;
        level: number;
        requirements: number;
      }>;
      assert.equal(rows.length, 6);
      assert.deepEqual(rows.map((r) => r.credential).sort(), [
        'IFA',
        'IFS',
        'IMHM-C',
        'IMHM-P',
        'IMHM-RF',
        'IMHS',
      ]);
      for (const r of rows) assert.equal(r.status, r.unmet === 0 ? 'met' : 'unmet', r.credential);
      for (let i = 1; i < rows.length; i++) {
        const [a, b] = [rows[i - 1]!, rows[i]!];
        assert.ok(
          a.unmet < b.unmet || (a.unmet === b.unmet && a.level >= b.level),
          `${a.credential} before ${b.credential}`,
        );
      }
      assert.equal(rows[0]!.status, 'met');
    });

    test('exits 1 when no credential is met', async () => {
      const empty = tempFile({ format: 'endorse-portfolio/1', person: { name: 'New Applicant' } });
      const { code, stdout } = await endorseFile('eligible', empty, '-a mi-aimh --on 2026-11-22');
      assert.equal(code, 1);
      const rows = stdout.split('\n').filter((line) => /^[✓✗] /.test(line));
      assert.equal(rows.length, 6);
      assert.ok(rows.every((row) => row.startsWith('✗')));
    });
  });

  describe('catalog', () => {
    const training = async (on: string) => {
      const { code, stdout, stderr } = await endorse([
        'catalog',
        '--association',
        'ct-aimh',
        '--credential',
        'IMHM-C',
        '--on',
        on,
      ]);
      assert.equal(code, 0, stderr);
      const lines = stdout.split('\n');
      const i = lines.findIndex((line) => /\[imhm-c\.training\.hours\]/.test(line));
      assert.ok(i > 0, 'the training rule is listed');
      return { statement: lines[i - 1]!, source: lines[i]!, stdout };
    };

    test('shows the CT mentor training rule in force before 2024: 30 hours', async () => {
      const { statement, source, stdout } = await training('2023-12-31');
      assert.match(stdout, /requirements in force on 2023-12-31/);
      assert.match(
        statement,
        /30 hours of relationship-based training; of those, at least 15 hours about reflective/,
      );
      assert.ok(source.includes(ctMentorSource), source);
      assert.match(source, /in force until 2023-12-31/);
    });

    test('and the one in force from 2024-01-01: 48 hours by topic', async () => {
      const { statement, source } = await training('2024-01-01');
      assert.match(
        statement,
        /48 hours of relationship-based training: 30 hours specific to infant mental health, 15 hours/,
      );
      assert.ok(source.includes(ctMentorSource), source);
      assert.match(source, /in force from 2024-01-01/);
    });

    test('--json for one credential: the rules in force, with sources, quotes and fees in cents', async () => {
      const { code, stdout } = await endorse([
        'catalog',
        '-a',
        'ct-aimh',
        '-c',
        'IMHM-C',
        '--on',
        '2024-01-01',
        '--json',
      ]);
      assert.equal(code, 0);
      const described = JSON.parse(stdout) as {
        association: string;
        credential: string;
        on: string;
        requirements: Array<{ id: string; kind: string; text: string; source: string; inForce?: unknown }>;
        renewal: Array<{ id: string; kind: string }>;
        fees?: { application: number; processing: number; currency: string };
      };
      assert.deepEqual(
        { association: described.association, credential: described.credential, on: described.on },
        { association: 'ct-aimh', credential: 'IMHM-C', on: '2024-01-01' },
      );
      const training = described.requirements.filter((r) => r.id === 'imhm-c.training.hours');
      assert.equal(training.length, 1, 'one version of a dated rule is in force');
      assert.deepEqual(training[0]!.inForce, { from: '2024-01-01' });
      assert.equal(training[0]!.source, ctMentorSource);
      for (const r of described.requirements) assert.ok(requirementKinds.includes(r.kind), r.kind);
      assert.ok(described.renewal.length > 0);
      assert.deepEqual(described.fees, {
        application: 2500,
        processing: 30000,
        currency: 'USD',
        source: '002_87b1e14b3c892509.txt',
      });
    });

    test('--json without --credential lists every credential of the association', async () => {
      const { code, stdout } = await endorse(['catalog', '-a', 'mi-aimh', '--json']);
      assert.equal(code, 0);
      const all = JSON.parse(stdout) as Array<{ credential: string; requirements: unknown[] }>;
      assert.deepEqual(
        all.map((c) => c.credential),
        ['IFA', 'IFS', 'IMHS', 'IMHM-C', 'IMHM-P', 'IMHM-RF'],
      );
      assert.ok(all.every((c) => c.requirements.length > 0));
    });

    test('prints the competency domains a Mentor applicant documents, with their codes (004)', async () => {
      const text = await endorse(['catalog', '-a', 'ct-aimh', '-c', 'IMHM-P', '--on', '2026-01-01']);
      assert.equal(text.code, 0, text.stderr);
      assert.match(
        text.stdout,
        /Competency domains to document \(P and A: all designations; source: 004_78936d00e9c07190\.txt\):/,
      );
      assert.match(text.stdout, /^ {3}1\. Theoretical Foundations \[A, P\]: \d+ competencies$/m);
      assert.match(text.stdout, /^ {3}9\. Administration \[P\]: \d+ competencies$/m);
      const json = await endorse([
        'catalog',
        '-a',
        'alliance',
        '-c',
        'ECMHM-RF',
        '--on',
        '2026-01-01',
        '--json',
      ]);
      const described = JSON.parse(json.stdout) as {
        competencies: {
          source: string;
          designation: string;
          domains: Array<{
            number: number;
            name: string;
            codes: string[];
            competencies: Array<{ codes: string[] }>;
          }>;
        };
      };
      assert.equal(described.competencies.source, '004_78936d00e9c07190.txt');
      assert.equal(described.competencies.designation, 'R-F');
      assert.ok(described.competencies.domains.some((d) => d.name === 'Research and Evaluation'));
      for (const d of described.competencies.domains) {
        assert.ok(
          d.codes.every((c) => c === 'A' || c === 'R-F'),
          d.name,
        );
        assert.ok(
          d.competencies.every((c) => c.codes.length > 0),
          d.name,
        );
      }
      // Levels I–III: the Guidelines list competencies for the Mentor designations only.
      const imhs = JSON.parse(
        (await endorse(['catalog', '-a', 'mi-aimh', '-c', 'IMHS', '--json'])).stdout,
      ) as object;
      assert.equal('competencies' in imhs, false);
    });

    test('a dated cut-off is printed with its date, and not at all from that day (spec reading 12)', async () => {
      const on = async (day: string) =>
        (await endorse(['catalog', '-a', 'ncimha', '-c', 'IMHS', '--on', day])).stdout;
      const before = await on('2027-12-20');
      assert.match(before, /IMHM-C or ERS, or someone vetted by the association, before 2027-12-21\./);
      assert.match(
        before,
        /At least one rater must be endorsed or vetted by the association, before 2027-12-21\./,
      );
      assert.doesNotMatch(await on('2027-12-21'), /vetted/);
    });

    test('needs --association', async () => {
      const { code, stderr } = await endorse(['catalog']);
      assert.equal(code, 2);
      assert.match(stderr, /--association is required/);
    });
  });

  test('schema prints the JSON Schema of the portfolio format', async () => {
    const { code, stdout } = await endorse(['schema']);
    assert.equal(code, 0);
    const schema = JSON.parse(stdout) as {
      $schema: string;
      title: string;
      required: string[];
      properties: object;
    };
    assert.match(schema.$schema, /json-schema\.org/);
    assert.match(schema.title, /endorse-portfolio\/1/);
    assert.deepEqual([...schema.required].sort(), ['format', 'person']);
    assert.deepEqual(JSON.parse(readFileSync(join(root, 'schema', 'portfolio.schema.json'), 'utf8')), schema);
  });
});
