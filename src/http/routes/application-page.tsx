// The staff's application page, sent by its own route and again, with the
// payment form's errors, by the payment route.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Product } from '../../app.ts';
import { getAssociation } from '../../services/associations.ts';
import { staffApplicationPage } from '../../services/application-page.ts';
import { sections, sectionSlugs } from '../../services/portfolio.ts';
import { StaffApplicationPage } from '../../views/pages/application-staff.tsx';
import type { FieldError, FormValues } from '../forms.ts';
import { sendPage } from '../render.tsx';

export async function sendStaffApplicationPage(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Product,
  slug: string,
  id: string,
  payment?: { errors: FieldError[]; values: FormValues },
  decision?: { errors: FieldError[]; values: FormValues; status?: number },
  advisor?: { errors: FieldError[]; values: FormValues },
  finalize?: { errors: FieldError[]; blocked: boolean; status: number },
) {
  const association = await getAssociation(request.actor, slug, services);
  // The address names the association: an application of another one is not here.
  const page = await staffApplicationPage(request.actor, id, association.id, services);
  return sendPage(request, reply, {
    title: `${page.applicant.name}: ${page.application.credential} application`,
    status: decision?.status ?? finalize?.status ?? (payment || decision || advisor ? 400 : 200),
    body: (
      <StaffApplicationPage
        page={page}
        sections={sectionSlugs.map((s) => ({ def: sections[s], entries: page.sections[s] }))}
        payment={payment}
        decision={decision}
        advisor={advisor}
        finalize={finalize}
      />
    ),
  });
}
