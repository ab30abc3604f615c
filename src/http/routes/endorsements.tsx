// The association's endorsements, for its coordinators: the list, one
// endorsement with its history and the forms its status allows (suspend,
// reinstate, revoke), and accepting an endorsement transferred from another
// association (the credential uploaded or pasted).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { readJson } from '../../engine/limits.ts';
import { can } from '../../policies/index.ts';
import { getAssociation } from '../../services/associations.ts';
import { endorsementDetails, listEndorsements } from '../../services/endorsement-pages.ts';
import {
  reinstateEndorsement,
  revokeEndorsement,
  suspendEndorsement,
} from '../../services/endorsement-status.ts';
import { acceptTransfer } from '../../services/endorsement-transfer.ts';
import { AppError, httpStatus } from '../../services/errors.ts';
import {
  EndorsementPage,
  EndorsementsPage,
  type StatusStep,
  TransferPage,
} from '../../views/pages/endorsements.tsx';
import { type FieldError, type FormValues, formErrorOf, keptValues, parseForm } from '../forms.ts';
import { textFileForm } from '../multipart.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { associationParams } from '../schemas/common.ts';
import {
  CREDENTIAL_LIMIT,
  endorsementParams,
  endorsementsQuery,
  reinstateForm,
  revokeForm,
  suspendForm,
  transferForm,
} from '../schemas/endorsements.ts';
import { seeOther } from './helpers.ts';

const listPath = (slug: string) => `/associations/${encodeURIComponent(slug)}/endorsements`;

export async function endorsementRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  app.removeContentTypeParser('multipart/form-data');
  app.addContentTypeParser('multipart/form-data', textFileForm(CREDENTIAL_LIMIT));
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.route({
    ...route('GET /associations/:slug/endorsements'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const given = Object.entries((request.query ?? {}) as Record<string, unknown>).filter(
        ([, v]) => v !== '',
      );
      const query = parseForm(endorsementsQuery, Object.fromEntries(given));
      const values = keptValues(request.query);
      // A query that does not hold lists nothing, but is still asked of the policy.
      const listed = await listEndorsements(
        request.actor,
        association.id,
        query.ok ? query.data : { page: 1 },
        services,
      );
      if (!query.ok) listed.endorsements = [];
      return sendPage(request, reply, {
        title: `Endorsements: ${association.name}`,
        status: query.ok ? 200 : 400,
        body: (
          <EndorsementsPage
            association={association}
            {...listed}
            values={values}
            errors={
              query.ok
                ? undefined
                : query.errors.map((e) => (e.field === 'page' ? { ...e, field: 'form' } : e))
            }
            mayAcceptTransfer={can(request.actor, 'endorsement.acceptTransfer', {
              associationId: association.id,
            })}
          />
        ),
      });
    },
  });

  const endorsementPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    endorsementId: string,
    form?: { step: StatusStep; errors: FieldError[]; values: FormValues; status: number },
  ) => {
    const association = await getAssociation(request.actor, slug, services);
    const details = await endorsementDetails(request.actor, endorsementId, association.id, services);
    return sendPage(request, reply, {
      title: `Endorsement ${details.endorsement.number}: ${details.person.name}`,
      status: form?.status ?? 200,
      body: <EndorsementPage association={association} {...details} form={form} />,
    });
  };

  r.route({
    ...route('GET /associations/:slug/endorsements/:endorsementId'),
    schema: { hide: true, params: endorsementParams },
    handler: (request, reply) =>
      endorsementPage(request, reply, request.params.slug, request.params.endorsementId),
  });

  const steps = {
    suspend: {
      schema: suspendForm,
      take: suspendEndorsement,
      done: 'The endorsement is suspended, and the endorsee has been told.',
    },
    reinstate: {
      schema: reinstateForm,
      take: reinstateEndorsement,
      done: 'The endorsement is active again, and the endorsee has been told.',
    },
    revoke: {
      schema: revokeForm,
      take: revokeEndorsement,
      done: 'The endorsement is revoked, and the endorsee has been told.',
    },
  } as const;

  for (const step of ['suspend', 'reinstate', 'revoke'] as const) {
    const s = steps[step];
    // The page holds a form per step with the same field names: errors point at this form's controls.
    const here = (errors: FieldError[]) =>
      errors.map((e) => (e.field === 'form' ? e : { ...e, field: `${step}-${e.field}` }));
    r.route({
      ...route(`POST /associations/:slug/endorsements/:endorsementId/${step}`),
      schema: { hide: true, params: endorsementParams },
      handler: async (request, reply) => {
        const { slug, endorsementId } = request.params;
        const association = await getAssociation(request.actor, slug, services);
        const again = (errors: FieldError[], status: number) =>
          endorsementPage(request, reply, slug, endorsementId, {
            step,
            errors: here(errors),
            values: keptValues(request.body),
            status,
          });
        const form = parseForm(s.schema, request.body);
        if (!form.ok) {
          // Someone who may not see the endorsement is told it is not there, whatever was sent.
          await endorsementDetails(request.actor, endorsementId, association.id, services);
          return again(form.errors, 400);
        }
        try {
          await s.take(request.actor, endorsementId, association.id, form.data.reason, services, app.now());
        } catch (e) {
          if (e instanceof AppError && e.field) return again(formErrorOf(e), httpStatus[e.code]);
          throw e;
        }
        setNotice(reply, s.done);
        return seeOther(reply, `${listPath(association.slug)}/${encodeURIComponent(endorsementId)}`);
      },
    });
  }

  const transferPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    state: { errors?: FieldError[]; values?: FormValues; status?: number } = {},
  ) => {
    const association = await getAssociation(request.actor, slug, services);
    // Only the association's coordinators see the form.
    if (!can(request.actor, 'endorsement.acceptTransfer', { associationId: association.id }))
      throw new AppError('not_found', 'The page was not found');
    return sendPage(request, reply, {
      title: `Accept a transferred endorsement: ${association.name}`,
      status: state.status ?? 200,
      body: <TransferPage association={association} errors={state.errors} values={state.values} />,
    });
  };

  r.route({
    ...route('GET /associations/:slug/endorsements/transfer'),
    schema: { hide: true, params: associationParams },
    handler: (request, reply) => transferPage(request, reply, request.params.slug),
  });

  r.route({
    ...route('POST /associations/:slug/endorsements/transfer'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      const { slug } = request.params;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const { file: _file, fileTooLarge, ...shown } = body;
      const values = keptValues(shown);
      // What is wrong with the credential is said at the file (the form's control for it).
      const again = (errors: FieldError[], status = 400) =>
        transferPage(request, reply, slug, {
          errors: errors.map((e) => (e.field === 'credential' ? { ...e, field: 'file' } : e)),
          values,
          status,
        });
      const form = parseForm(transferForm, body);
      const errors: FieldError[] = form.ok ? [] : form.errors.filter((e) => e.field !== 'file');
      const file = typeof body.file === 'string' ? body.file : '';
      const pasted = typeof body.json === 'string' ? body.json : '';
      // A chosen file wins over pasted text.
      const [text, field] = file.trim() ? [file, 'file'] : [pasted, 'json'];
      let credential: unknown;
      if (fileTooLarge) {
        errors.push({
          field: 'file',
          message: 'The file is larger than 256 KB: a credential is far smaller',
        });
      } else if (!text.trim()) {
        errors.push({ field: 'file', message: 'Choose the credential file, or paste its JSON below' });
      } else {
        const read = readJson(text);
        if (read.ok) credential = read.value;
        else
          errors.push({
            field,
            message: `${field === 'file' ? 'The file' : 'The pasted text'} ${read.problem.path === '$' ? '' : `at ${read.problem.path} `}${read.problem.message}`,
          });
      }
      if (errors.length || !form.ok) return again(errors);
      try {
        const association = await getAssociation(request.actor, slug, services);
        const created = await acceptTransfer(
          request.actor,
          { associationId: association.id, credential, email: form.data.email },
          services,
          app.now(),
        );
        setNotice(
          reply,
          `The endorsement is accepted as number ${created.number}, with a credential of its own, and the endorsee has been told.`,
        );
        return seeOther(reply, `${listPath(association.slug)}/${encodeURIComponent(created.id)}`);
      } catch (e) {
        if (e instanceof AppError && e.field) return again(formErrorOf(e), httpStatus[e.code]);
        throw e;
      }
    },
  });
}
