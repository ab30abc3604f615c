// The coordinator's renewal year: the year page (counts by standing, each a
// list; search; pages) and its CSV, one endorsee's renewal with the forms
// that act on it (extension, reinstatement, audit decisions), and an audited
// entry's proof as a download.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { toCsv } from '../../domain/csv.ts';
import { getAssociation } from '../../services/associations.ts';
import { AppError, httpStatus } from '../../services/errors.ts';
import { auditProof, decideAuditEntry } from '../../services/renewal-audit.ts';
import {
  auditedEndorsement,
  endorseeRenewal,
  renewalYear,
  renewalYearCsv,
} from '../../services/renewal-year.ts';
import { approveReinstatement, grantExtension } from '../../services/renewals.ts';
import {
  EndorseeRenewalPage,
  type RenewalForm,
  RenewalYearPage,
  renewalYearCsvRows,
} from '../../views/pages/renewal-year.tsx';
import { type FieldError, formErrorOf, keptValues, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { associationParams } from '../schemas/common.ts';
import {
  auditDecisionForm,
  auditEntryParams,
  extensionForm,
  renewalParams,
  renewalYearQuery,
} from '../schemas/renewal-year.ts';
import { seeOther } from './helpers.ts';

const renewalsPath = (slug: string) => `/associations/${encodeURIComponent(slug)}/renewals`;

/** A download's headers for an uploaded file: never opened in the page (as the portfolio serves files). */
function sendDownload(reply: FastifyReply, file: { filename: string; contentType: string; bytes: Buffer }) {
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const utf8 = encodeURIComponent(file.filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.bytes);
}

export async function renewalYearRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();

  /** The year page's query: its filters, or the errors of those that do not hold. */
  const yearQueryOf = (request: FastifyRequest) => {
    const given = Object.entries((request.query ?? {}) as Record<string, unknown>).filter(
      ([, v]) => v !== '',
    );
    const query = parseForm(renewalYearQuery(app.now().getUTCFullYear()), Object.fromEntries(given));
    return query.ok
      ? {
          ok: true as const,
          data: { ...query.data, standing: query.data.standing || undefined, q: query.data.q || undefined },
        }
      : query;
  };

  r.route({
    ...route('GET /associations/:slug/renewals'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const query = yearQueryOf(request);
      // A query that does not hold lists nothing, but is still asked of the policy.
      const year = await renewalYear(
        request.actor,
        association.id,
        query.ok ? query.data : { year: app.now().getUTCFullYear() },
        services,
        app.now(),
      );
      if (!query.ok) year.rows = [];
      return sendPage(request, reply, {
        title: `Renewals ${year.year}: ${association.name}`,
        status: query.ok ? 200 : 400,
        body: (
          <RenewalYearPage
            association={association}
            {...year}
            values={{ year: String(year.year), ...keptValues(request.query) }}
            errors={
              query.ok
                ? undefined
                : query.errors.map((e) => (e.field === 'page' ? { ...e, field: 'form' } : e))
            }
          />
        ),
      });
    },
  });

  r.route({
    ...route('GET /associations/:slug/renewals.csv'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const query = yearQueryOf(request);
      if (!query.ok) {
        const [first] = query.errors;
        throw new AppError('invalid', first!.message, first!.field);
      }
      const rows = await renewalYearCsv(request.actor, association.id, query.data, services, app.now());
      return reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'no-store')
        .header(
          'content-disposition',
          `attachment; filename="renewals-${association.slug}-${query.data.year}.csv"`,
        )
        .send(toCsv(renewalYearCsvRows(rows)));
    },
  });

  const endorseePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    endorsementId: string,
    sent?: RenewalForm & { status: number },
  ) => {
    const association = await getAssociation(request.actor, slug, services);
    const renewal = await endorseeRenewal(request.actor, endorsementId, association.id, services, app.now());
    return sendPage(request, reply, {
      title: `Renewal of endorsement ${renewal.endorsement.number}: ${renewal.person.name}`,
      status: sent?.status ?? 200,
      body: <EndorseeRenewalPage association={association} {...renewal} sent={sent} />,
    });
  };

  r.route({
    ...route('GET /associations/:slug/renewals/:endorsementId'),
    schema: { hide: true, params: renewalParams },
    handler: (request, reply) =>
      endorseePage(request, reply, request.params.slug, request.params.endorsementId),
  });

  r.route({
    ...route('POST /associations/:slug/renewals/:endorsementId/extension'),
    schema: { hide: true, params: renewalParams },
    handler: async (request, reply) => {
      const { slug, endorsementId } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      // The page has one reason field per form: the extension's is `extension-reason`.
      const again = (errors: FieldError[], status: number) =>
        endorseePage(request, reply, slug, endorsementId, {
          form: 'extension',
          errors: errors.map((e) => (e.field === 'reason' ? { ...e, field: 'extension-reason' } : e)),
          values: keptValues(request.body),
          status,
        });
      const form = parseForm(extensionForm, request.body);
      if (!form.ok) {
        // Someone who may not see the endorsement is told it is not there, whatever was sent.
        await endorseeRenewal(request.actor, endorsementId, association.id, services, app.now());
        return again(form.errors, 400);
      }
      try {
        await grantExtension(request.actor, endorsementId, association.id, form.data, services, app.now());
      } catch (e) {
        if (e instanceof AppError && e.field) return again(formErrorOf(e), httpStatus[e.code]);
        throw e;
      }
      setNotice(reply, 'The renewal is extended, and the endorsee has been told.');
      return seeOther(reply, `${renewalsPath(association.slug)}/${encodeURIComponent(endorsementId)}`);
    },
  });

  r.route({
    ...route('POST /associations/:slug/renewals/:endorsementId/reinstate'),
    schema: { hide: true, params: renewalParams },
    handler: async (request, reply) => {
      const { slug, endorsementId } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      try {
        await approveReinstatement(request.actor, endorsementId, association.id, services, app.now());
      } catch (e) {
        if (e instanceof AppError && e.field)
          return endorseePage(request, reply, slug, endorsementId, {
            form: 'reinstate',
            errors: formErrorOf(e),
            values: {},
            status: httpStatus[e.code],
          });
        throw e;
      }
      setNotice(reply, 'The endorsement is reinstated, and the endorsee has been told.');
      return seeOther(reply, `${renewalsPath(association.slug)}/${encodeURIComponent(endorsementId)}`);
    },
  });

  r.route({
    ...route('POST /associations/:slug/renewals/audit-entries/:entryId/decision'),
    schema: { hide: true, params: auditEntryParams },
    handler: async (request, reply) => {
      const { slug, entryId } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      // Someone who may not decide is told the entry is not there, whatever was sent.
      const endorsementId = await auditedEndorsement(request.actor, entryId, association.id, services);
      // The page has one reason field per entry: this entry's is `${entryId}-reason`; the choice is its buttons.
      const again = (errors: FieldError[], status: number) =>
        endorseePage(request, reply, slug, endorsementId, {
          form: `decision-${entryId}`,
          errors: errors.map((e) => ({
            ...e,
            field: e.field === 'reason' ? `${entryId}-reason` : 'form',
          })),
          values: keptValues(request.body),
          status,
        });
      const form = parseForm(auditDecisionForm, request.body);
      if (!form.ok) return again(form.errors, 400);
      let renewal;
      try {
        renewal = await decideAuditEntry(
          request.actor,
          entryId,
          association.id,
          form.data,
          services,
          app.now(),
        );
      } catch (e) {
        if (e instanceof AppError && e.field) return again(formErrorOf(e), httpStatus[e.code]);
        throw e;
      }
      setNotice(
        reply,
        renewal.status === 'renewed'
          ? 'The proof is accepted. Every entry now is: the renewal is complete, and the endorsee has been told.'
          : form.data.decision === 'rejected'
            ? 'The proof is rejected, and the endorsee has been told why.'
            : 'The proof is accepted.',
      );
      return seeOther(reply, `${renewalsPath(association.slug)}/${encodeURIComponent(endorsementId)}`);
    },
  });

  r.route({
    ...route('GET /associations/:slug/renewals/audit-entries/:entryId/proof'),
    schema: { hide: true, params: auditEntryParams },
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      return sendDownload(
        reply,
        await auditProof(request.actor, request.params.entryId, association.id, services),
      );
    },
  });
}
