// The endorsee's renewal page and its forms: renew (attest and submit),
// pause, ask to be reinstated, and upload proof of an audited entry. A form
// refused comes back on the page with the error at its field and what was
// typed; an endorsement or entry not the person's answers 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, httpStatus } from '../../services/errors.ts';
import type { Upload } from '../../services/files.ts';
import { uploadAuditProof } from '../../services/renewal-audit.ts';
import { myRenewals, ownRenewal } from '../../services/renewal-pages.ts';
import { pauseEndorsement, requestReinstatement, submitRenewal } from '../../services/renewals.ts';
import {
  fieldId,
  type RenewalForm,
  renewalPaths,
  RenewalsPage,
  type RenewalStep,
} from '../../views/pages/renewals.tsx';
import { type FieldError, formErrorOf, keptValues, parseForm } from '../forms.ts';
import { parseMultipart } from '../multipart.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { attestForm, auditEntryParams, pauseForm, renewalParams } from '../schemas/renewals.ts';
import { requireUser, seeOther } from './helpers.ts';

export async function renewalRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  app.removeContentTypeParser('multipart/form-data');
  app.addContentTypeParser('multipart/form-data', parseMultipart);
  const r = app.withTypeProvider<ZodTypeProvider>();

  const renewalsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form?: RenewalForm & { status: number },
  ) => {
    const { actor } = requireUser(request);
    return sendPage(request, reply, {
      title: 'Your renewals',
      status: form?.status ?? 200,
      body: <RenewalsPage renewals={await myRenewals(actor, services, app.now())} form={form} />,
    });
  };

  r.route({
    ...route('GET /renewals'),
    schema: { hide: true },
    handler: (request, reply) => renewalsPage(request, reply),
  });

  /** The page again with the refused form: its errors at its own controls, what was typed kept. */
  const again = (
    request: FastifyRequest,
    reply: FastifyReply,
    step: RenewalStep,
    target: string,
    errors: FieldError[],
    status: number,
  ) =>
    renewalsPage(request, reply, {
      step,
      target,
      errors: errors.map((e) => ({ ...e, field: fieldId(step, target, e.field) })),
      values: keptValues(request.body),
      status,
    });

  /** Runs a form's step; a refusal the person can act on comes back on the page. */
  const take = async (
    request: FastifyRequest,
    reply: FastifyReply,
    step: RenewalStep,
    target: string,
    run: () => Promise<string>,
    anchor = `renewal-of-${target}`,
  ) => {
    let notice: string;
    try {
      notice = await run();
    } catch (e) {
      if (e instanceof AppError && e.field && e.code !== 'not_found')
        return again(request, reply, step, target, formErrorOf(e), httpStatus[e.code]);
      throw e;
    }
    setNotice(reply, notice);
    return seeOther(reply, `${renewalPaths.page}#${encodeURIComponent(anchor)}`);
  };

  r.route({
    ...route('POST /renewals/:endorsementId/submit'),
    schema: { hide: true, params: renewalParams },
    handler: async (request, reply) => {
      const { actor } = requireUser(request);
      const { endorsementId } = request.params;
      const form = parseForm(attestForm, request.body);
      const attest = form.ok && form.data.attest;
      return take(request, reply, 'submit', endorsementId, async () => {
        const { renewal } = await submitRenewal(actor, endorsementId, { attest }, services, app.now());
        return renewal.status === 'audit'
          ? 'Your renewal is submitted and was chosen for audit: upload proof of each entry below.'
          : 'Your endorsement is renewed: your new credential is below, and you have been sent it by e-mail.';
      });
    },
  });

  r.route({
    ...route('POST /renewals/:endorsementId/reinstatement'),
    schema: { hide: true, params: renewalParams },
    handler: async (request, reply) => {
      const { actor } = requireUser(request);
      const { endorsementId } = request.params;
      const form = parseForm(attestForm, request.body);
      const attest = form.ok && form.data.attest;
      return take(request, reply, 'reinstatement', endorsementId, async () => {
        await requestReinstatement(actor, endorsementId, { attest }, services, app.now());
        return 'You asked to be reinstated: the association reinstates you, and you are told by e-mail.';
      });
    },
  });

  r.route({
    ...route('POST /renewals/:endorsementId/pause'),
    schema: { hide: true, params: renewalParams },
    handler: async (request, reply) => {
      const { actor } = requireUser(request);
      const { endorsementId } = request.params;
      const form = parseForm(pauseForm, request.body);
      if (!form.ok) {
        // Someone who may not see the endorsement is told it is not there, whatever was sent.
        await ownRenewal(actor, endorsementId, services);
        return again(request, reply, 'pause', endorsementId, form.errors, 400);
      }
      return take(request, reply, 'pause', endorsementId, async () => {
        const paused = await pauseEndorsement(actor, endorsementId, form.data, services, app.now());
        return `Endorsement ${paused.number} is paused until the day you chose.`;
      });
    },
  });

  r.route({
    ...route('POST /renewals/audit-entries/:entryId/proof'),
    schema: { hide: true, params: auditEntryParams },
    handler: async (request, reply) => {
      const { actor } = requireUser(request);
      const { entryId } = request.params;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const sent = body.proof as Upload | undefined;
      const upload = sent && typeof sent === 'object' && Buffer.isBuffer(sent.bytes) ? sent : undefined;
      return take(
        request,
        reply,
        'proof',
        entryId,
        async () => {
          await uploadAuditProof(actor, entryId, upload, services);
          return 'The proof is uploaded: a coordinator accepts or rejects it.';
        },
        `audit-entry-${entryId}`,
      );
    },
  });
}
