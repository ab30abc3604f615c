// What the endorsee receives: the certificate (PDF), the letter, and their
// choice of whether the public registry lists an endorsement (made on the
// account page, where their endorsements are).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../services/errors.ts';
import { chooseListing, downloadCertificate, endorsementLetter } from '../../services/endorsee.ts';
import { EndorsementLetterPage } from '../../views/pages/endorsee.tsx';
import { parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { endorsementParams, listingForm } from '../schemas/endorsee.ts';
import { requireUser, seeOther } from './helpers.ts';

export async function endorseeRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.route({
    ...route('GET /endorsements/:id/certificate.pdf'),
    schema: { hide: true, params: endorsementParams },
    handler: async (request, reply) => {
      requireUser(request);
      const { filename, pdf } = await downloadCertificate(request.actor, request.params.id, services);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${filename}"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  });

  r.route({
    ...route('GET /endorsements/:id/letter'),
    schema: { hide: true, params: endorsementParams },
    handler: async (request, reply) => {
      const { actor } = requireUser(request);
      const letter = await endorsementLetter(actor, request.params.id, services);
      return sendPage(request, reply, {
        title: letter.subject,
        body: (
          <EndorsementLetterPage
            letter={letter}
            accountLink={letter.papers.endorsement.userId === actor.userId}
          />
        ),
      });
    },
  });

  r.route({
    ...route('POST /endorsements/:id/listing'),
    schema: { hide: true, params: endorsementParams },
    handler: async (request, reply) => {
      const { actor } = requireUser(request);
      const form = parseForm(listingForm, request.body);
      // The account page's radios always send one choice; whatever else is answered alike for every id.
      if (!form.ok) throw new AppError('invalid', form.errors[0]!.message, 'listed');
      const done = await chooseListing(actor, request.params.id, form.data.listed, services, app.now());
      setNotice(
        reply,
        done.listed
          ? done.status === 'active'
            ? `Endorsement ${done.number} is listed in the public registry.`
            : `Endorsement ${done.number} will be listed in the public registry while it is active.`
          : `Endorsement ${done.number} is left out of the public registry.`,
      );
      return seeOther(reply, '/account#endorsements-title');
    },
  });
}
