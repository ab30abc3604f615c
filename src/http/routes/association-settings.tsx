// An association's review settings (its admins).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { readReviewSettings, updateReviewSettings } from '../../services/association-settings.ts';
import { getAssociation } from '../../services/associations.ts';
import { AssociationSettingsPage, settingsPath } from '../../views/pages/association-settings.tsx';
import { type FieldError, type FormValues, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { associationParams } from '../schemas/common.ts';
import { reviewSettingsForm } from '../schemas/association-settings.ts';
import { seeOther } from './helpers.ts';

export async function associationSettingsRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    form?: { errors: FieldError[]; values: FormValues },
  ) => {
    const association = await getAssociation(request.actor, slug, services);
    const settings = await readReviewSettings(request.actor, association.id, services);
    return sendPage(request, reply, {
      title: `Review settings: ${association.name}`,
      status: form ? 400 : 200,
      body: <AssociationSettingsPage association={association} settings={settings} form={form} />,
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
      if (!form.ok) return page(request, reply, slug, form);
      await updateReviewSettings(request.actor, association.id, form.data, services, app.now());
      setNotice(reply, 'The review settings have been saved.');
      return seeOther(reply, settingsPath(association.slug));
    },
  });
}
