// What the public sees, no sign-in needed: an endorsement's credential
// verified now, a credential file someone holds checked the same way, what a
// credential means, the registry, and the JSON lookup by number.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { EndorsementStatus } from '../../domain/endorsement.ts';
import { readJson } from '../../engine/limits.ts';
import { notFound } from '../../services/errors.ts';
import {
  achievementOf,
  lookUpEndorsement,
  registryPage,
  verifyEndorsement,
  verifyHeldCredential,
} from '../../services/registry.ts';
import { AchievementPage, VerificationPage, VerifyFormPage } from '../../views/pages/credentials.tsx';
import { RegistryPage } from '../../views/pages/registry.tsx';
import { type FieldError, keptValues } from '../forms.ts';
import { parseMultipart } from '../multipart.ts';
import { sendPage } from '../render.tsx';
import { route } from '../route-table.ts';
import { jsonErrorText } from './self-study.tsx';
import { errorResponses } from '../schemas/api.ts';
import {
  CREDENTIAL_FILE_LIMIT,
  registryLookup,
  registryLookupParams,
  registryQuery,
} from '../schemas/registry.ts';

/** The verify form carries a file: its text goes in `file`, or `fileTooLarge` when it is over the limit. */
async function parseVerifyForm(request: FastifyRequest, payload: NodeJS.ReadableStream) {
  const { file, ...fields } = await parseMultipart(request, payload);
  if (!file || typeof file !== 'object') return fields;
  const upload = file as { bytes: Buffer; truncated?: boolean };
  if (upload.truncated || upload.bytes.length > CREDENTIAL_FILE_LIMIT)
    return { ...fields, fileTooLarge: '1' };
  return upload.bytes.length ? { ...fields, file: upload.bytes.toString('utf8') } : fields;
}

/** The credential in the form (a chosen file wins over pasted text), or what is wrong with it. */
function credentialOfForm(body: Record<string, unknown>): { credential: unknown } | { errors: FieldError[] } {
  const file = typeof body.file === 'string' ? body.file : '';
  const pasted = typeof body.json === 'string' ? body.json : '';
  if (body.fileTooLarge)
    return {
      errors: [
        {
          field: 'file',
          message: 'The file is larger than 256 KB: a credential is far smaller; choose the credential file',
        },
      ],
    };
  const [text, field, what] = file.trim() ? [file, 'file', 'The file'] : [pasted, 'json', 'The text'];
  if (!text.trim())
    return { errors: [{ field: 'file', message: 'Choose a credential file, or paste its JSON below' }] };
  if (Buffer.byteLength(text) > CREDENTIAL_FILE_LIMIT)
    return { errors: [{ field, message: `${what} is larger than 256 KB: a credential is far smaller` }] };
  const read = readJson(text);
  if (!read.ok)
    return {
      errors: [
        {
          field,
          message: read.syntaxError
            ? `${what} is not JSON: ${jsonErrorText(text, read.syntaxError)}`
            : `${read.problem.path === '$' ? what : read.problem.path}: ${read.problem.message}`,
        },
      ],
    };
  const c = read.value as { type?: unknown; proof?: unknown } | null;
  const types = c && typeof c === 'object' && !Array.isArray(c) ? ([] as unknown[]).concat(c.type ?? []) : [];
  if (!types.includes('VerifiableCredential'))
    return {
      errors: [
        {
          field,
          message: `${what} is JSON but not a credential: it has no "type" naming VerifiableCredential`,
        },
      ],
    };
  if (!c?.proof)
    return { errors: [{ field, message: `${what} is a credential without a signature: it has no "proof"` }] };
  return { credential: read.value };
}

export async function registryRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  app.removeContentTypeParser('multipart/form-data');
  app.addContentTypeParser('multipart/form-data', parseVerifyForm);
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.route({
    ...route('GET /credentials/verify'),
    schema: { hide: true },
    handler: (request, reply) =>
      sendPage(request, reply, { title: 'Check a credential', body: <VerifyFormPage /> }),
  });

  r.route({
    ...route('POST /credentials/verify'),
    schema: { hide: true },
    handler: async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const form = credentialOfForm(body);
      if ('errors' in form) {
        const { file: _file, fileTooLarge: _tooLarge, ...shown } = body;
        return sendPage(request, reply, {
          title: 'Check a credential',
          status: 400,
          body: <VerifyFormPage values={keptValues(shown)} errors={form.errors} />,
        });
      }
      const now = app.now();
      const result = await verifyHeldCredential(services, form.credential, now);
      return sendPage(request, reply, {
        title: 'The credential you gave',
        body: <VerificationPage {...result} checkedAt={now.toISOString()} fromFile />,
      });
    },
  });

  r.route<{ Params: { id: string } }>({
    ...route('GET /credentials/:id'),
    schema: { hide: true },
    handler: async (request, reply) => {
      const now = app.now();
      const result = await verifyEndorsement(services, request.params.id, now);
      if (!result) throw notFound('the endorsement');
      return sendPage(request, reply, {
        title: `Endorsement credential: ${result.endorsement!.name}`,
        body: <VerificationPage {...result} checkedAt={now.toISOString()} fromFile={false} />,
      });
    },
  });

  r.route<{ Params: { slug: string; credential: string } }>({
    ...route('GET /associations/:slug/credentials/:credential'),
    schema: { hide: true },
    handler: async (request, reply) => {
      const achievement = await achievementOf(
        services,
        request.params.slug,
        request.params.credential,
        app.now().toISOString().slice(0, 10),
      );
      if (!achievement) throw notFound('the credential');
      return sendPage(request, reply, {
        title: `${achievement.name} (${achievement.credential})`,
        body: <AchievementPage achievement={achievement} />,
      });
    },
  });

  r.route({
    ...route('GET /registry'),
    schema: { hide: true },
    handler: async (request, reply) => {
      // Whatever is typed into the address bar still gives a page: an unreadable page number is the first.
      const query = registryQuery.safeParse(request.query);
      const registry = await registryPage(services, query.success ? query.data : {});
      return sendPage(request, reply, {
        title: 'Registry of endorsed professionals',
        body: <RegistryPage registry={registry} />,
      });
    },
  });

  r.route({
    ...route('GET /api/v1/registry/:slug/:number'),
    schema: {
      summary: "An endorsement by its association's number: what it is, its status, where to verify it",
      description:
        'Public: no token needed. An endorsement the registry does not list (the endorsee chose not to be ' +
        'listed, or it is not active) still answers with its status, but without the name (`name` is null). ' +
        'An unknown association or number answers 404.',
      tags: ['registry'],
      params: registryLookupParams,
      response: { 200: registryLookup, 404: errorResponses[404] },
    },
    handler: async (request) => {
      const number = /^\d{1,9}$/.test(request.params.number) ? Number(request.params.number) : NaN;
      const found = Number.isFinite(number)
        ? await lookUpEndorsement(services, request.params.slug, number)
        : undefined;
      if (!found) throw notFound('the endorsement');
      return {
        number: found.number,
        association: found.association.slug,
        associationName: found.association.name,
        credential: found.credential,
        credentialName: found.credentialName,
        level: found.level,
        name: found.name,
        status: found.status as EndorsementStatus,
        grantedOn: found.grantedOn,
        validUntil: found.validUntil,
        verification: found.verificationUrl,
        credentialJson: found.credentialUrl,
      };
    },
  });
}
