// Submitting an application (the applicant), and recording a payment against
// a fee due (the association's coordinator).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Actor } from '../../policies/index.ts';
import { getAssociation } from '../../services/associations.ts';
import { AppError, httpStatus } from '../../services/errors.ts';
import {
  feeKindLabels,
  formatMoney,
  paymentTarget,
  recordPayment,
  waiveFee,
  waiverTarget,
} from '../../services/payments.ts';
import { SubmissionBlockedError, submissionOverview, submitApplication } from '../../services/submission.ts';
import { SubmissionPage } from '../../views/pages/submission.tsx';
import { type FieldError, formErrorOf, keptValues, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import {
  applicationIdParams,
  associationApplicationParams,
  paymentForm,
  waiverForm,
} from '../schemas/submission.ts';
import { seeOther } from './helpers.ts';
import { sendStaffApplicationPage } from './application-page.tsx';

const submitPath = (id: string) => `/applications/${encodeURIComponent(id)}/submit`;

export async function submissionRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();

  const submissionPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: { errors?: FieldError[]; status?: number } = {},
  ) => {
    const o = await submissionOverview(request.actor, id, services);
    return sendPage(request, reply, {
      title: `Submit your ${o.application.credential} application`,
      status: state.status ?? 200,
      body: (
        <SubmissionPage
          application={o.application}
          association={o.association}
          credentialName={o.credentialName}
          submitted={o.submitted}
          submittedState={o.submittedState}
          canSubmit={o.canSubmit}
          on={o.result.on}
          result={o.result}
          blockers={o.blockers}
          afterReview={o.afterReview}
          fee={o.fee}
          feesDue={o.feesDue}
          errors={state.errors}
        />
      ),
    });
  };

  r.route({
    ...route('GET /applications/:id/submit'),
    schema: { hide: true, params: applicationIdParams },
    handler: (request, reply) => submissionPage(request, reply, request.params.id),
  });

  r.route({
    ...route('POST /applications/:id/submit'),
    schema: { hide: true, params: applicationIdParams },
    handler: async (request, reply) => {
      const { id } = request.params;
      try {
        const { feesDue, fee, association, application } = await submitApplication(
          request.actor,
          id,
          services,
        );
        const fees = feesDue.length
          ? `Fees due: ${feesDue
              .map(
                (f) =>
                  `${feeKindLabels[f.kind] ?? f.kind} ${formatMoney(f.amountCents, f.currency)}${f.waivedAt ? ' (waived)' : ''}`,
              )
              .join(', ')}.`
          : fee
            ? 'No fees are due.'
            : `${association.name} has no fee schedule for ${application.credential}, so no fees were recorded.`;
        setNotice(
          reply,
          `Your application has been submitted. ${fees} A confirmation is on its way by e-mail.`,
        );
        return seeOther(reply, submitPath(id));
      } catch (e) {
        if (e instanceof SubmissionBlockedError)
          return submissionPage(request, reply, id, { errors: formErrorOf(e), status: 400 });
        if (e instanceof AppError && (e.code === 'conflict' || e.code === 'limit'))
          return submissionPage(request, reply, id, { errors: formErrorOf(e), status: httpStatus[e.code] });
        throw e;
      }
    },
  });

  /**
   * A form about an application's fees on the staff page (a payment, a
   * waiver): refuses who may not act before looking at the form, and brings
   * the page back with the errors, what was typed kept, when the form or the
   * service refuses it.
   */
  const feeForm = <S extends z.ZodType>(
    key:
      | 'POST /associations/:slug/applications/:id/payments'
      | 'POST /associations/:slug/applications/:id/waivers',
    schema: S,
    authorize: (actor: Actor | undefined, id: string, associationId: string) => Promise<unknown>,
    act: (
      actor: Actor | undefined,
      input: { id: string; associationId: string; form: z.output<S> },
    ) => Promise<string>,
  ) =>
    r.route({
      ...route(key),
      schema: { hide: true, params: associationApplicationParams },
      handler: async (request, reply) => {
        const { slug, id } = request.params;
        const association = await getAssociation(request.actor, slug, services);
        await authorize(request.actor, id, association.id);
        const form = parseForm(schema, request.body);
        if (!form.ok)
          return sendStaffApplicationPage(request, reply, services, slug, id, {
            errors: form.errors,
            values: form.values,
          });
        try {
          setNotice(reply, await act(request.actor, { id, associationId: association.id, form: form.data }));
        } catch (e) {
          if (e instanceof AppError && (e.code === 'invalid' || e.code === 'conflict'))
            return sendStaffApplicationPage(request, reply, services, slug, id, {
              errors: formErrorOf(e),
              values: keptValues(request.body),
            });
          throw e;
        }
        return seeOther(
          reply,
          `/associations/${encodeURIComponent(slug)}/applications/${encodeURIComponent(id)}`,
        );
      },
    });

  feeForm(
    'POST /associations/:slug/applications/:id/payments',
    paymentForm,
    (actor, id, associationId) => paymentTarget(actor, id, associationId, services),
    async (actor, { id, associationId, form }) => {
      const payment = await recordPayment(
        actor,
        {
          applicationId: id,
          associationId,
          feeDueId: form.feeDue,
          amountCents: form.amount,
          method: form.method,
          note: form.note,
        },
        services,
      );
      return `Payment of ${formatMoney(payment.amountCents, payment.due.currency)} recorded against the ${(
        feeKindLabels[payment.due.kind] ?? payment.due.kind
      ).toLowerCase()}${payment.paidInFull ? ', which is now paid in full' : ''}.`;
    },
  );

  feeForm(
    'POST /associations/:slug/applications/:id/waivers',
    waiverForm,
    (actor, id, associationId) => waiverTarget(actor, id, associationId, services),
    async (actor, { id, associationId, form }) => {
      const { due } = await waiveFee(
        actor,
        { applicationId: id, associationId, feeDueId: form.feeDue, reason: form.reason },
        services,
      );
      return `The ${(feeKindLabels[due.kind] ?? due.kind).toLowerCase()} is waived.`;
    },
  );
}
