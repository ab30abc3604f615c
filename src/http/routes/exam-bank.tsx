// The exam's item bank and forms, for exam administrators: search and pages
// of items, one item (change it, its status), import and export (CSV, QTI 3.0
// XML), the forms (compose, view with keys, make ready, retire).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AssociationRow } from '../../db/repositories/associations.ts';
import { getAssociation } from '../../services/associations.ts';
import { AppError } from '../../services/errors.ts';
import {
  authorizeBank,
  type BankSearch,
  changeItemStatus,
  createItemFromFields,
  type ItemFields,
  itemFields,
  readItem,
  reviseItem,
  searchBank,
} from '../../services/exam-bank.ts';
import {
  exportItemsCsv,
  exportItemsQti,
  ImportRefused,
  importItemsCsv,
  importItemsQti,
} from '../../services/exam-exchange.ts';
import {
  composeForm,
  type FormInput,
  listForms,
  readyForm,
  retireForm,
  viewForm,
} from '../../services/exam-forms.ts';
import {
  ExamItemPage,
  ExamItemsPage,
  examItemPath,
  examItemsPath,
  type FormBack,
  ImportItemsPage,
} from '../../views/pages/exam-bank.tsx';
import { ExamFormPage, ExamFormsPage, examFormPath } from '../../views/pages/exam-forms.tsx';
import { formErrorOf, keptValues, parseForm } from '../forms.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import { associationParams } from '../schemas/common.ts';
import {
  bankSearchQuery,
  composeForm as composeFields,
  formParams,
  importForm,
  itemParams,
  statusForm,
} from '../schemas/exam-bank.ts';
import { seeOther } from './helpers.ts';

/** A service's refusal about a field, as the form's errors (fields renamed as the page names them). */
const formBackOf = (e: unknown, body: unknown, rename: Record<string, string> = {}): FormBack => {
  if (e instanceof AppError && e.field && e.code === 'invalid') {
    const [error] = formErrorOf(e);
    return { errors: [{ ...error!, field: rename[error!.field] ?? error!.field }], values: keptValues(body) };
  }
  throw e;
};

/** A form's body as an item's fields: the domains ticked, joined as the CSV writes them. */
const fieldsOf = (body: unknown): ItemFields =>
  Object.fromEntries(
    Object.entries((body ?? {}) as Record<string, unknown>)
      .filter(([name]) => name !== '_csrf')
      .map(([name, v]) => [name, Array.isArray(v) ? v.join(';') : typeof v === 'string' ? v : '']),
  );

export async function examBankRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  const r = app.withTypeProvider<ZodTypeProvider>();

  /** The search as asked (empty fields mean "any"); a bad value is refused naming its parameter. */
  const searchOf = (request: FastifyRequest): BankSearch => {
    const given = Object.entries((request.query ?? {}) as Record<string, unknown>).filter(
      ([, v]) => v !== '',
    );
    const parsed = parseForm(bankSearchQuery, Object.fromEntries(given));
    if (!parsed.ok) throw new AppError('invalid', parsed.errors[0]!.message, parsed.errors[0]!.field);
    const { q, page, ...filters } = parsed.data;
    return {
      ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)),
      ...(q?.trim() ? { text: q.trim() } : {}),
      ...(page ? { page } : {}),
    };
  };

  const itemsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    association: AssociationRow,
    search: BankSearch,
    form?: FormBack,
  ) => {
    const found = await searchBank(request.actor, association.id, search, services);
    return sendPage(request, reply, {
      title: `Exam items: ${association.name}`,
      status: form ? 400 : 200,
      body: <ExamItemsPage association={association} search={search} found={found} form={form} />,
    });
  };

  r.route({
    ...route('GET /associations/:slug/exam/items'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      return itemsPage(request, reply, association, searchOf(request));
    },
  });

  r.route({
    ...route('POST /associations/:slug/exam/items'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      try {
        const item = await createItemFromFields(
          request.actor,
          association.id,
          fieldsOf(request.body),
          services,
          app.now(),
        );
        setNotice(reply, `${item.code} added to the bank (${item.status}).`);
        return seeOther(reply, examItemPath(association.slug, item.id));
      } catch (e) {
        return itemsPage(request, reply, association, {}, formBackOf(e, request.body));
      }
    },
  });

  const importPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    association: AssociationRow,
    form?: FormBack & { problems?: ImportRefused['problems'] },
  ) =>
    sendPage(request, reply, {
      title: `Import exam items: ${association.name}`,
      status: form ? 400 : 200,
      body: <ImportItemsPage association={association} form={form} />,
    });

  /** Only those who may change the bank see the import page (a 404 for everyone else). */
  const editableAssociation = async (request: FastifyRequest, slug: string) => {
    const association = await getAssociation(request.actor, slug, services);
    authorizeBank(request.actor, 'examBank.edit', association.id);
    return association;
  };

  r.route({
    ...route('GET /associations/:slug/exam/items/import'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) =>
      importPage(request, reply, await editableAssociation(request, request.params.slug)),
  });

  r.route({
    ...route('POST /associations/:slug/exam/items/import'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      const association = await editableAssociation(request, request.params.slug);
      const form = parseForm(importForm, request.body);
      if (!form.ok) return importPage(request, reply, association, form);
      const { format, file, exam, domain } = form.data;
      try {
        const done =
          format === 'csv'
            ? await importItemsCsv(request.actor, association.id, file, services, app.now())
            : await importItemsQti(request.actor, association.id, file, services, app.now(), {
                ...(exam ? { exam } : {}),
                ...(domain ? { domains: domain } : {}),
              });
        setNotice(
          reply,
          `Imported: ${done.created} new, ${done.versioned} new versions, ${done.changedInPlace} drafts changed, ${done.statusChanged} statuses changed, ${done.unchanged} unchanged.`,
        );
        return seeOther(reply, examItemsPath(association.slug));
      } catch (e) {
        if (e instanceof ImportRefused)
          return importPage(request, reply, association, {
            errors: formErrorOf(e),
            values: keptValues(request.body),
            problems: e.problems,
          });
        return importPage(request, reply, association, formBackOf(e, request.body));
      }
    },
  });

  for (const format of ['csv', 'qti'] as const)
    r.route({
      ...route(`GET /associations/:slug/exam/items/export.${format === 'csv' ? 'csv' : 'qti.xml'}`),
      schema: { hide: true, params: associationParams },
      handler: async (request, reply) => {
        const association = await getAssociation(request.actor, request.params.slug, services);
        const search = searchOf(request);
        const body =
          format === 'csv'
            ? await exportItemsCsv(request.actor, association.id, search, services)
            : await exportItemsQti(request.actor, association.id, search, services);
        return reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/xml; charset=utf-8')
          .header('cache-control', 'no-store')
          .header(
            'content-disposition',
            `attachment; filename="exam-items-${association.slug}.${format === 'csv' ? 'csv' : 'qti.xml'}"`,
          )
          .send(body);
      },
    });

  const itemPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    association: AssociationRow,
    itemId: string,
    form?: FormBack,
  ) => {
    const page = await readItem(request.actor, association.id, itemId, services);
    return sendPage(request, reply, {
      title: `${page.item.code} (version ${page.item.version}): ${association.name}`,
      status: form ? 400 : 200,
      body: <ExamItemPage association={association} {...page} values={itemFields(page.item)} form={form} />,
    });
  };

  r.route({
    ...route('GET /associations/:slug/exam/items/:itemId'),
    schema: { hide: true, params: itemParams },
    handler: async (request, reply) =>
      itemPage(
        request,
        reply,
        await getAssociation(request.actor, request.params.slug, services),
        request.params.itemId,
      ),
  });

  r.route({
    ...route('POST /associations/:slug/exam/items/:itemId'),
    schema: { hide: true, params: itemParams },
    handler: async (request, reply) => {
      const { slug, itemId } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      try {
        const done = await reviseItem(
          request.actor,
          association.id,
          itemId,
          fieldsOf(request.body),
          services,
          app.now(),
        );
        setNotice(
          reply,
          done.outcome === 'unchanged'
            ? 'Nothing changed.'
            : done.outcome === 'version'
              ? `Saved as version ${done.item.version} of ${done.item.code} (${done.item.status}).`
              : `${done.item.code} changed.`,
        );
        return seeOther(reply, examItemPath(association.slug, done.item.id));
      } catch (e) {
        return itemPage(request, reply, association, itemId, formBackOf(e, request.body));
      }
    },
  });

  r.route({
    ...route('POST /associations/:slug/exam/items/:itemId/status'),
    schema: { hide: true, params: itemParams },
    handler: async (request, reply) => {
      const { slug, itemId } = request.params;
      const association = await getAssociation(request.actor, slug, services);
      const form = parseForm(statusForm, request.body);
      try {
        if (!form.ok) throw new AppError('invalid', form.errors[0]!.message, 'status');
        const item = await changeItemStatus(
          request.actor,
          association.id,
          itemId,
          form.data.status,
          services,
          app.now(),
        );
        setNotice(reply, `${item.code} is ${item.status}.`);
        return seeOther(reply, examItemPath(association.slug, item.id));
      } catch (e) {
        return itemPage(request, reply, association, itemId, formBackOf(e, request.body));
      }
    },
  });

  const formsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    association: AssociationRow,
    form?: FormBack,
  ) =>
    sendPage(request, reply, {
      title: `Exam forms: ${association.name}`,
      status: form ? 400 : 200,
      body: (
        <ExamFormsPage
          association={association}
          forms={await listForms(request.actor, association.id, services)}
          form={form}
        />
      ),
    });

  r.route({
    ...route('GET /associations/:slug/exam/forms'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) =>
      formsPage(request, reply, await getAssociation(request.actor, request.params.slug, services)),
  });

  r.route({
    ...route('POST /associations/:slug/exam/forms'),
    schema: { hide: true, params: associationParams },
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      authorizeBank(request.actor, 'examForm.compose', association.id);
      const form = parseForm(composeFields, request.body);
      if (!form.ok) return formsPage(request, reply, association, form);
      const v = form.data;
      const input: FormInput = {
        name: v.name,
        exam: v.exam,
        category: v.category as FormInput['category'],
        ...(v.how === 'chosen'
          ? { itemCodes: v.itemCodes.split(/[\s,;]+/).filter(Boolean) }
          : {
              draw: {
                ...(v.mcItems !== undefined ? { mcItems: v.mcItems } : {}),
                ...(v.vignettes !== undefined ? { vignettes: v.vignettes } : {}),
              },
            }),
      };
      try {
        const made = await composeForm(request.actor, association.id, input, services, app.now());
        setNotice(reply, `${made.name} composed (a draft).`);
        return seeOther(reply, examFormPath(association.slug, made.id));
      } catch (e) {
        return formsPage(
          request,
          reply,
          association,
          formBackOf(e, request.body, { 'draw.mcItems': 'mcItems', 'draw.vignettes': 'vignettes' }),
        );
      }
    },
  });

  r.route({
    ...route('GET /associations/:slug/exam/forms/:formId'),
    schema: { hide: true, params: formParams },
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const page = await viewForm(request.actor, association.id, request.params.formId, services, app.now());
      return sendPage(request, reply, {
        title: `${page.form.name}: ${association.name}`,
        body: <ExamFormPage association={association} {...page} />,
      });
    },
  });

  r.route({
    ...route('POST /associations/:slug/exam/forms/:formId/ready'),
    schema: { hide: true, params: formParams },
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const form = await readyForm(request.actor, association.id, request.params.formId, services);
      setNotice(reply, `${form.name} is ready to be sat.`);
      return seeOther(reply, examFormPath(association.slug, form.id));
    },
  });

  r.route({
    ...route('POST /associations/:slug/exam/forms/:formId/retire'),
    schema: { hide: true, params: formParams },
    handler: async (request, reply) => {
      const association = await getAssociation(request.actor, request.params.slug, services);
      const form = await retireForm(request.actor, association.id, request.params.formId, services);
      setNotice(reply, `${form.name} is retired.`);
      return seeOther(reply, examFormPath(association.slug, form.id));
    },
  });
}
