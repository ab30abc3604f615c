// An association's review, exam and renewal settings (its admins).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  readExamSettings,
  readRenewalSettings,
  readReviewSettings,
  updateExamSettings,
  updateRenewalSettings,
  updateReviewSettings,
} from '../../services/association-settings.ts';
import { getAssociation } from '../../services/associations.ts';
import { AppError } from '../../services/errors.ts';
import { AssociationSettingsPage, settingsPath } from '../../views/pages/association-settings.tsx';
import { type FieldError, formErrorOf, type FormValues, keptValues, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { associationParams } from '../schemas/common.ts';
import {
  examSettingsForm,
  renewalSettingsForm,
  reviewSettingsForm,
} from '../schemas/association-settings.ts';
import { seeOther } from './helpers.ts';

type FormBack = { errors: FieldError[]; values: FormValues };

export async function associationSettingsRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    back: { review?: FormBack; exam?: FormBack; renewal?: FormBack } = {},
  ) => {
    const association = await getAssociation(request.actor, slug, services);
    const settings = await readReviewSettings(request.actor, association.id, services);
    const exam = await readExamSettings(request.actor, association.id, services);
    const renewal = await readRenewalSettings(request.actor, association.id, services);
    return sendPage(request, reply, {
      title: `Settings: ${association.name}`,
      status: back.review || back.exam || back.renewal ? 400 : 200,
      body: (
        <AssociationSettingsPage
          association={association}
          settings={settings}
          exam={exam}
          form={back.review}
          examForm={back.exam}
          renewal={renewal}
          renewalForm={back.renewal}
        />
      ),
    });
  };

  r.route({
    ...route('GET /associations/:slug/settings'),
    schema: { hide: true, params: associationParams },
    handler: (request, reply) => page(request, reply, request.params.slug),
  });

  r.route({
    ...route('POST /associations/:slug/settings'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      const { slug } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      // Whoever may not change the settings finds nothing here, whatever they sent.
      await readReviewSettings(request.actor, association.id, services);
      const form = parseForm(reviewSettingsForm, request.body);
      if (!form.ok) return page(request, reply, slug, { review: form });
      await updateReviewSettings(request.actor, association.id, form.data, services, app.now());
      setNotice(reply, 'The review settings have been saved.');
      return seeOther(reply, settingsPath(association.slug));
    },
  });

  r.route({
    ...route('POST /associations/:slug/settings/exam'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      const { slug } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      await readExamSettings(request.actor, association.id, services);
      const form = parseForm(examSettingsForm, request.body);
      if (!form.ok) return page(request, reply, slug, { exam: form });
      const { retakeFee, ...rest } = form.data;
      try {
        await updateExamSettings(
          request.actor,
          association.id,
          { ...rest, retakeFeeCents: retakeFee },
          services,
          app.now(),
        );
      } catch (e) {
        if (!(e instanceof AppError && e.code === 'invalid')) throw e;
        return page(request, reply, slug, {
          exam: { errors: formErrorOf(e), values: keptValues(request.body) },
        });
      }
      setNotice(reply, 'The exam settings have been saved.');
      return seeOther(reply, settingsPath(association.slug));
    },
  });

  r.route({
    ...route('POST /associations/:slug/settings/renewal'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      const { slug } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      await readRenewalSettings(request.actor, association.id, services);
      const form = parseForm(renewalSettingsForm, request.body);
      if (!form.ok) return page(request, reply, slug, { renewal: form });
      try {
        await updateRenewalSettings(request.actor, association.id, form.data, services, app.now());
      } catch (e) {
        if (!(e instanceof AppError && e.code === 'invalid')) throw e;
        const [error] = formErrorOf(e);
        return page(request, reply, slug, {
          renewal: {
            // The service names the setting; the form's field for a fee is its amount in dollars.
            errors: [{ ...error!, field: renewalFormField(error!.field) }],
            values: keptValues(request.body),
          },
        });
      }
      setNotice(reply, 'The renewal settings have been saved.');
      return seeOther(reply, settingsPath(association.slug));
    },
  });
}

const renewalFormField = (setting: string): string =>
  setting === 'dueDay' ? 'fixedDay' : setting.replace(/Cents$/, '');
