// Self-study, signed in or not: the questions, or a portfolio JSON to import
// (uploaded or pasted), judged against every credential of the chosen
// associations. Nothing is stored.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { catalogs } from '../../catalogs/index.ts';
import { readJson } from '../../engine/limits.ts';
import { parsePortfolio } from '../../engine/portfolio.ts';
import { today } from '../../index.ts';
import { listAllAssociations } from '../../services/associations.ts';
import { selfStudyPortfolio, selfStudyResults } from '../../services/self-study.ts';
import { SelfStudyPage, type SelfStudyPageProps } from '../../views/pages/self-study.tsx';
import { type FieldError, keptValues, parseForm } from '../forms.ts';
import { textFileForm } from '../multipart.ts';
import { sendPage } from '../render.tsx';
import { route } from '../route-table.ts';
import { IMPORT_LIMIT, selfStudyForm, selfStudyImportForm } from '../schemas/self-study.ts';

export async function selfStudyRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  app.removeContentTypeParser('multipart/form-data');
  app.addContentTypeParser('multipart/form-data', textFileForm(IMPORT_LIMIT));
  const r = app.withTypeProvider<ZodTypeProvider>();

  /** The associations with a catalog: those whose credentials Endorse can judge. */
  const associations = async () =>
    (await listAllAssociations(services))
      .filter((a) => catalogs().has(a.slug))
      .map((a) => ({ slug: a.slug, name: a.name }));

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: Partial<SelfStudyPageProps> = {},
    status = 200,
  ) =>
    sendPage(request, reply, {
      title: 'Self-study: which credential fits you?',
      status,
      body: (
        <SelfStudyPage
          associations={await associations()}
          thisYear={Number(today().slice(0, 4))}
          signedIn={!!request.user}
          {...state}
        />
      ),
    });

  r.route({
    ...route('GET /self-study'),
    schema: { hide: true },
    handler: (request, reply) => page(request, reply),
  });

  r.route({
    ...route('POST /self-study'),
    schema: { hide: true },
    handler: async (request, reply) => {
      const on = today();
      const slugs = (await associations()).map((a) => a.slug);
      const form = parseForm(selfStudyForm(slugs, Number(on.slice(0, 4))), request.body);
      if (!form.ok) return page(request, reply, { errors: form.errors, values: form.values }, 400);
      const { associations: chosen, answers } = form.data;
      const portfolio = selfStudyPortfolio(answers, {
        on,
        associations: chosen,
        ...(request.user ? { name: request.user.name } : {}),
      });
      return page(request, reply, {
        values: keptValues(request.body),
        results: { fits: selfStudyResults(portfolio, chosen, on), from: 'answers', on },
      });
    },
  });

  r.route({
    ...route('POST /self-study/import'),
    schema: { hide: true },
    handler: async (request, reply) => {
      const on = today();
      const slugs = (await associations()).map((a) => a.slug);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const { file: _file, fileTooLarge, ...shown } = body;
      const values = keptValues(shown);
      const errors: FieldError[] = [];
      const form = parseForm(selfStudyImportForm(slugs), body);
      if (!form.ok) errors.push(...form.errors.filter((e) => e.field === 'import-association'));
      const file = form.ok ? form.data.file : typeof body.file === 'string' ? body.file : '';
      const pasted = form.ok ? form.data.json : typeof body.json === 'string' ? body.json : '';
      // A chosen file wins over pasted text.
      const [text, field, what] = file.trim()
        ? [file, 'import-file', 'The file']
        : [pasted, 'import-json', 'The text'];
      let portfolio: unknown;
      if (fileTooLarge) {
        errors.push({
          field: 'import-file',
          message: 'The file is larger than 1 MB: choose a smaller portfolio file',
        });
      } else if (!text.trim()) {
        errors.push({ field: 'import-file', message: 'Choose a portfolio file, or paste its JSON below' });
      } else {
        const read = readJson(text);
        if (read.ok) portfolio = read.value;
        else if (read.syntaxError)
          errors.push({
            field,
            message: `${what} is not valid JSON: ${jsonErrorText(text, read.syntaxError)}`,
          });
        else
          errors.push({
            field,
            message: `${read.problem.path === '$' ? what : read.problem.path}: ${read.problem.message}`,
          });
        if (portfolio !== undefined) {
          const parsed = parsePortfolio(portfolio);
          if (!parsed.ok)
            errors.push(
              ...parsed.problems.map((p) => ({
                field,
                message: `${p.path === '$' ? 'The portfolio' : p.path}: ${p.message}`,
              })),
            );
        }
      }
      if (errors.length || !form.ok)
        return page(request, reply, { importErrors: errors, importValues: values }, 400);
      const chosen = form.data['import-association'];
      return page(request, reply, {
        importValues: values,
        results: { fits: selfStudyResults(portfolio, chosen, on), from: 'import', on },
      });
    },
  });
}

/** JSON.parse's complaint, with the line and column when it gives a position. */
export function jsonErrorText(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (!position) return message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message.replace(/\s*\(line \d+ column \d+\)/, '')} (line ${line}, column ${column})`;
}
