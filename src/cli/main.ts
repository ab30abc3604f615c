// `endorse`: evaluate portfolios and read catalogs from the command line.
// Exit status: 0 met, 1 unmet, 2 bad input or usage.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  CatalogError,
  catalogs,
  describe,
  eligible,
  evaluate,
  evaluateRenewal,
  getCatalog,
  PortfolioError,
  type PreparedPortfolio,
  portfolioJsonSchema,
  preparePortfolio,
  UsageError,
} from '../index.ts';
import { AppError } from '../services/errors.ts';
import { formatCatalog, formatEligibility, formatResult } from './format.ts';

const help = () => `endorse: check an endorsement portfolio against an association's requirements

Usage:
  endorse evaluate FILE --association A --credential C [--on DATE] [--json]
  endorse renewal  FILE --association A --credential C [--from DATE] [--to DATE] [--json]
  endorse eligible FILE --association A [--on DATE] [--json]
  endorse catalog  --association A [--credential C] [--on DATE] [--json]
  endorse schema   (prints the JSON Schema of the portfolio format)

Running Endorse (the server starts with \`npm start\`):
  endorse migrate                       create or update the database
  endorse admin create --email E [--name N]
                                        make a site administrator and e-mail a sign-in link
  endorse seed --demo                   fill an empty database with demo accounts
  endorse keys rotate --association A   a new signing key for the association's credentials
                                        (the old one stays in its DID document: what it signed still verifies)
  endorse renewals run [--on DATE]      the daily renewal sweep now (reminders, lapses), as of DATE
  endorse backup FILE                   the database and the uploads in one file (safe while the server runs)
  endorse restore FILE                  put a backup back (refused while a server runs)

FILE is a portfolio in the endorse-portfolio/1 format ("-" reads standard input).
DATE is YYYY-MM-DD; the default is today. A renewal year defaults to the
12 months ending on --to (or on --on).

Associations: ${[...catalogs().keys()].join(', ')}

Exit status: 0 met, 1 not met, 2 bad input or usage.
`;

const options = {
  association: { type: 'string', short: 'a' },
  credential: { type: 'string', short: 'c' },
  on: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  json: { type: 'boolean' },
  email: { type: 'string' },
  name: { type: 'string' },
  demo: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

type Values = {
  [K in keyof typeof options]?: (typeof options)[K]['type'] extends 'string' ? string : boolean;
};

export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const print = (text: string) => out.write(text.endsWith('\n') ? text : `${text}\n`);
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    const v = values as Values;
    const [command, ...files] = positionals;
    if (v.help || command === 'help') {
      print(help());
      return 0;
    }
    if (v.version) {
      print('endorse 0.1.0');
      return 0;
    }
    if (!command) {
      err.write(help());
      return 2;
    }
    checkOptions(command, v, files);
    switch (command) {
      case 'evaluate': {
        const portfolio = readPortfolio(files[0]!);
        const result = evaluate(portfolio, {
          association: need(v, 'association'),
          credential: need(v, 'credential'),
          ...optional(v, 'on'),
        });
        print(v.json ? JSON.stringify(result, null, 2) : formatResult(result, portfolio.source.person.name));
        return result.status === 'met' ? 0 : 1;
      }
      case 'renewal': {
        const portfolio = readPortfolio(files[0]!);
        const to = v.to ?? (v.from ? undefined : v.on);
        const result = evaluateRenewal(portfolio, {
          association: need(v, 'association'),
          credential: need(v, 'credential'),
          ...optional(v, 'from'),
          ...(to ? { to } : {}),
        });
        print(v.json ? JSON.stringify(result, null, 2) : formatResult(result, portfolio.source.person.name));
        return result.status === 'met' ? 0 : 1;
      }
      case 'eligible': {
        const portfolio = readPortfolio(files[0]!);
        const association = need(v, 'association');
        const rows = eligible(portfolio, { association, ...optional(v, 'on') });
        print(
          v.json
            ? JSON.stringify(rows, null, 2)
            : formatEligibility(getCatalog(association), rows, portfolio.source.person.name),
        );
        return rows.some((r) => r.status === 'met') ? 0 : 1;
      }
      case 'catalog': {
        const catalog = getCatalog(need(v, 'association'));
        const ids = v.credential ? [v.credential] : catalog.credentials.map((c) => c.id);
        const described = ids.map((credential) =>
          describe({ association: catalog.id, credential, ...optional(v, 'on') }),
        );
        print(
          v.json
            ? JSON.stringify(v.credential ? described[0] : described, null, 2)
            : formatCatalog(catalog, described),
        );
        return 0;
      }
      case 'schema':
        print(JSON.stringify(portfolioJsonSchema(), null, 2));
        return 0;
      case 'migrate':
        return await (await ops()).migrate(print);
      case 'backup':
        return await (await ops()).backup(files[0]!, print);
      case 'restore':
        return await (await ops()).restore(files[0]!, print);
      case 'admin':
        if (files[0] !== 'create')
          throw new UsageError('the admin command is: endorse admin create --email E');
        return await (
          await ops()
        ).adminCreate({ email: need(v, 'email'), ...(v.name ? { name: v.name } : {}) }, print);
      case 'seed':
        if (!v.demo) throw new UsageError('say what to seed: endorse seed --demo');
        return await (await ops()).seed(print);
      case 'keys':
        if (files[0] !== 'rotate')
          throw new UsageError('the keys command is: endorse keys rotate --association A');
        return await (await ops()).rotateKey(need(v, 'association'), print);
      case 'renewals':
        if (files[0] !== 'run')
          throw new UsageError('the renewals command is: endorse renewals run [--on DATE]');
        return await (await ops()).runRenewals(sweepDay(v.on), print, err);
    }
    throw new UsageError(`unknown command "${command}"; try: endorse --help`);
  } catch (e) {
    if (e instanceof AppError) {
      err.write(`endorse: ${e.message}\n`);
      return 2;
    }
    if (e instanceof PortfolioError) {
      err.write(
        `endorse: the portfolio is not valid:\n${e.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}\n`,
      );
      return 2;
    }
    if (e instanceof UsageError || e instanceof CatalogError || isArgError(e)) {
      err.write(`endorse: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}

/** The options each command takes; any other is a usage error rather than silently ignored. */
const commandOptions: Record<string, { options: Array<keyof typeof options>; files: number }> = {
  evaluate: { options: ['association', 'credential', 'on', 'json'], files: 1 },
  renewal: { options: ['association', 'credential', 'from', 'to', 'on', 'json'], files: 1 },
  eligible: { options: ['association', 'on', 'json'], files: 1 },
  catalog: { options: ['association', 'credential', 'on', 'json'], files: 0 },
  schema: { options: [], files: 0 },
  migrate: { options: [], files: 0 },
  backup: { options: [], files: 1 },
  restore: { options: [], files: 1 },
  admin: { options: ['email', 'name'], files: 1 },
  seed: { options: ['demo'], files: 0 },
  keys: { options: ['association'], files: 1 },
  renewals: { options: ['on'], files: 1 },
};

const fileKind: Record<string, string> = {
  admin: 'word (create)',
  keys: 'word (rotate)',
  renewals: 'word (run)',
  backup: 'backup file',
  restore: 'backup file',
};

function checkOptions(command: string, values: Values, files: string[]) {
  const spec = commandOptions[command];
  if (!spec) throw new UsageError(`unknown command "${command}"; try: endorse --help`);
  for (const name of Object.keys(values) as Array<keyof typeof options>) {
    if (!spec.options.includes(name))
      throw new UsageError(`${command} does not take --${name}; try: endorse --help`);
  }
  if (values.to && values.on)
    throw new UsageError('give --to or --on, not both: both name the last day of the renewal year');
  if (spec.files === 0 && files.length)
    throw new UsageError(`${command} takes no file (got ${files.join(' ')})`);
  if (spec.files === 1 && files.length !== 1) {
    throw new UsageError(
      `give exactly one ${fileKind[command] ?? 'portfolio file'}${files.length ? ` (got ${files.length})` : ''}`,
    );
  }
}

/** The installation commands load the database and server code only when used. */
const ops = () => import('./ops.ts');

function need(values: Values, name: 'association' | 'credential' | 'email'): string {
  const value = values[name];
  if (!value) throw new UsageError(`--${name} is required; try: endorse --help`);
  return value;
}

function optional<K extends 'on' | 'from'>(values: Values, name: K): { [P in K]?: string } {
  const value = values[name];
  return (value ? { [name]: value } : {}) as { [P in K]?: string };
}

/** The moment the sweep takes as now: the start of --on's day, or now. */
function sweepDay(on: string | undefined): Date {
  if (on === undefined) return new Date();
  const day = new Date(`${on}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(on) || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== on)
    throw new UsageError(`--on must be a date as YYYY-MM-DD, such as 2027-03-01 (got "${on}")`);
  return day;
}

function readPortfolio(file: string): PreparedPortfolio {
  const name = file === '-' ? 'standard input' : file;
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new UsageError(
      `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${name} is not valid JSON: ${(e as Error).message}`);
  }
  return preparePortfolio(json);
}

function isArgError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
