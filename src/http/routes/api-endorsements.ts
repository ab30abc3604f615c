// The association's endorsements through the JSON API, for integrations: the
// list, one endorsement with its history, its addresses and the steps its
// status allows the caller now; finalizing an application into an
// endorsement; suspending, reinstating and revoking; accepting an endorsement
// transferred from another association. Each calls the same service as its
// page; what the service refuses comes back as the JSON error body with its
// code (ENDORSEMENT_STATE_FORBIDS, TRANSFER_REFUSED…). A signed-in caller
// sends the CSRF token (GET /api/v1/me) in an x-csrf-token header with every
// POST; an API token needs none.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  endorseePaths,
  endorsementStatusLabels,
  type EndorsementStatus,
  type EndorsementStep,
} from '../../domain/endorsement.ts';
import type { EndorsementRow } from '../../db/repositories/endorsements.ts';
import { getAssociation } from '../../services/associations.ts';
import { credentialAddresses } from '../../services/credentials.ts';
import { endorsementDetails, listEndorsements } from '../../services/endorsement-pages.ts';
import {
  reinstateEndorsement,
  revokeEndorsement,
  suspendEndorsement,
} from '../../services/endorsement-status.ts';
import { acceptTransfer } from '../../services/endorsement-transfer.ts';
import { finalizeApplication, RequirementsUnmetError } from '../../services/endorsements.ts';
import { route } from '../route-table.ts';
import { errorResponses } from '../schemas/api.ts';
import {
  endorsementDetail,
  endorsementParams,
  endorsementsPage,
  endorsementsQuery,
  finalizeRefused,
  reinstateRequest,
  revokeRequest,
  suspendRequest,
  transferRequest,
} from '../schemas/api-endorsements.ts';
import { associationParams, idParams } from '../schemas/common.ts';

const security: Array<Record<string, string[]>> = [{ apiToken: [] }, { session: [] }];

/** An endorsement as the list and its own answer show it. */
const summaryOf = (e: EndorsementRow, endorsee: { name: string; email: string }) => ({
  id: e.id,
  number: e.number,
  credential: e.credential,
  status: e.status as EndorsementStatus,
  statusLabel: endorsementStatusLabels[e.status as EndorsementStatus] ?? e.status,
  grantedOn: e.grantedOn,
  renewalDueOn: e.renewalDueOn,
  listed: e.listed,
  applicationId: e.applicationId,
  transferredFrom: e.transferredFrom,
  endorsee: { id: e.userId, ...endorsee },
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

export async function apiEndorsementRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['endorsements'];
  const coordination = 'Coordinators and admins of the association, or its API tokens.';
  const { baseUrl } = services.config;
  const addresses = credentialAddresses(services);

  /** One endorsement as its page shows it: the answer of every endorsement route here. */
  const detailOf = async (request: FastifyRequest, slug: string, endorsementId: string) => {
    const association = await getAssociation(request.actor, slug, services);
    const d = await endorsementDetails(request.actor, endorsementId, association.id, services);
    const e = d.endorsement;
    const paths = endorseePaths(e.id);
    const history = d.history.map((h) => ({ kind: h.kind, reason: h.reason, at: h.at, actor: h.actorName }));
    const elsewhere = (x: typeof d.transferredFrom) =>
      x ? { ...x, status: x.status as EndorsementStatus } : null;
    return {
      ...summaryOf(e, d.person),
      credentialName: d.credentialName,
      inRegistry: d.inRegistry,
      issued: d.issued || null,
      urls: {
        verification: d.verificationUrl,
        credential: `${baseUrl}${paths.credential}`,
        certificate: `${baseUrl}${paths.certificate}`,
        letter: `${baseUrl}${paths.letter}`,
        achievement: addresses.achievement(association.slug, e.credential),
      },
      history,
      transfers: { from: elsewhere(d.transferredFrom), to: elsewhere(d.transferredTo) },
      may: {
        steps: (Object.entries(d.may) as [EndorsementStep, boolean][])
          .filter(([, allowed]) => allowed)
          .map(([step]) => step),
      },
    };
  };

  r.route({
    ...route('GET /api/v1/associations/:slug/endorsements'),
    schema: {
      summary:
        "The association's endorsements: search by name, e-mail or number, filter by status, 25 a page",
      description: `${coordination} The latest number first.`,
      tags,
      security,
      params: associationParams,
      querystring: endorsementsQuery,
      response: { 200: endorsementsPage, ...errorResponses },
    },
    handler: async (request) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const { q, status, page } = request.query;
      const listed = await listEndorsements(
        request.actor,
        association.id,
        { q: q?.trim(), status, page: page ?? 1 },
        services,
      );
      return {
        ...listed,
        endorsements: listed.endorsements.map((e) =>
          summaryOf(e, { name: e.personName, email: e.personEmail }),
        ),
      };
    },
  });

  r.route({
    ...route('GET /api/v1/associations/:slug/endorsements/:endorsementId'),
    schema: {
      summary:
        'One endorsement: the endorsee, its status, its history, where it is verified, and what the caller may do next',
      description: `${coordination} \`may.steps\` are the steps its status allows the caller now (POST …/suspend, …/reinstate, …/revoke).`,
      tags,
      security,
      params: endorsementParams,
      response: { 200: endorsementDetail, ...errorResponses },
    },
    handler: (request) => detailOf(request, request.params.slug, request.params.endorsementId),
  });

  r.route({
    ...route('POST /api/v1/associations/:slug/applications/:id/finalize'),
    schema: {
      summary: 'Finalize an application: the endorsement is granted, numbered, its credential issued',
      description:
        `${coordination} Only an approved application, or one whose exam is passed (else 409, APPLICATION_STATE_FORBIDS). ` +
        'The application is judged as it was submitted, with the exam; a requirement still unmet refuses it: 400, APPLICATION_STEP_BLOCKED, with every one in `unmet`. ' +
        'Granted, the endorsee is e-mailed the letter, the certificate and the credential; the answer is the endorsement.',
      tags,
      security,
      params: idParams,
      response: { 200: endorsementDetail, ...errorResponses, 400: finalizeRefused },
    },
    handler: async (request, reply) => {
      const { slug, id } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      try {
        const granted = await finalizeApplication(request.actor, id, association.id, services, app.now());
        return await detailOf(request, slug, granted.id);
      } catch (e) {
        if (!(e instanceof RequirementsUnmetError)) throw e;
        return reply.code(400).send({
          error: 'invalid',
          message: e.message,
          field: 'form',
          code: e.domainCode,
          unmet: [...e.unmet],
        });
      }
    },
  });

  const steps = {
    suspend: {
      summary: 'Suspend an endorsement (reversible), with the reason',
      description:
        'Only an active endorsement; its credential stops verifying as valid and the registry stops listing it.',
      body: suspendRequest,
      take: suspendEndorsement,
    },
    reinstate: {
      summary: 'Reinstate a suspended endorsement, with a note if wanted',
      description: 'Only a suspended endorsement (a revoked one never).',
      body: reinstateRequest,
      take: reinstateEndorsement,
    },
    revoke: {
      summary: 'Revoke an endorsement (final), with the reason',
      description:
        'An active or suspended endorsement; its credential no longer verifies as valid. A revocation cannot be undone.',
      body: revokeRequest,
      take: revokeEndorsement,
    },
  } as const;

  for (const step of ['suspend', 'reinstate', 'revoke'] as const) {
    const s = steps[step];
    r.route({
      ...route(`POST /api/v1/associations/:slug/endorsements/:endorsementId/${step}`),
      schema: {
        summary: s.summary,
        description:
          `${coordination} ${s.description} The endorsee is e-mailed, the history and the audit log record it. ` +
          'Refused with code ENDORSEMENT_STATE_FORBIDS when its status forbids the step, ENDORSEMENT_STATUS_CHANGED when someone changed it meanwhile; a missing reason: 400, field `reason`. The answer is the endorsement as it now stands.',
        tags,
        security,
        params: endorsementParams,
        body: s.body,
        response: { 200: endorsementDetail, ...errorResponses },
      },
      handler: async (
        request: FastifyRequest<{
          Params: { slug: string; endorsementId: string };
          Body: { reason?: string | undefined };
        }>,
      ) => {
        const { slug, endorsementId } = request.params;
        const association = await getAssociation(request.actor, slug, services);
        await s.take(
          request.actor,
          endorsementId,
          association.id,
          request.body.reason ?? '',
          services,
          app.now(),
        );
        return detailOf(request, slug, endorsementId);
      },
    });
  }

  r.route({
    ...route('POST /api/v1/associations/:slug/endorsements/transfer'),
    schema: {
      summary:
        "Accept an endorsement another association of this installation granted, from the endorsee's credential",
      description:
        `${coordination} The credential must verify as valid, be issued by another association here, and be the endorsee's (the e-mail address it was issued to, an account here). ` +
        'The first endorsement becomes transferred (its credential revoked); this association grants its own, keeping the renewal date, with a credential it signs; the endorsee is e-mailed. ' +
        'Refused with code TRANSFER_REFUSED and why (`field`: credential or email). The answer is the new endorsement.',
      tags,
      security,
      params: associationParams,
      body: transferRequest,
      response: { 200: endorsementDetail, ...errorResponses },
    },
    handler: async (request) => {
      const { slug } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      const created = await acceptTransfer(
        request.actor,
        {
          associationId: association.id,
          credential: request.body.credential,
          email: request.body.email.trim().toLowerCase(),
        },
        services,
        app.now(),
      );
      return detailOf(request, slug, created.id);
    },
  });
}
