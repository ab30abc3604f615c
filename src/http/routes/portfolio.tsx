// The applicant's portfolio: sections with add / edit / remove forms (and
// uploads), agreements, competency coverage, import / export of the
// interchange JSON, uploaded files, and an application's page with its live
// checklist (plus the read-only portfolio staff see).
//
// Forms that carry files are multipart: read by ../multipart.ts (only in this
// plugin's routes), so the CSRF check and the zod form schemas work as for
// every other form.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { catalogs } from '../../catalogs/index.ts';
import { applicationPage } from '../../services/applicant-application-page.ts';
import { today } from '../../index.ts';
import { listAllAssociations } from '../../services/associations.ts';
import { AppError, notFound } from '../../services/errors.ts';
import { checkUpload, downloadFile, type Upload } from '../../services/files.ts';
import {
  addEntry,
  applyImport,
  checkImport,
  competencyCoverage,
  type ImportPlan,
  editEntry,
  type Entry,
  exportPortfolio,
  isSectionSlug,
  MAX_IMPORT_BYTES,
  myAgreements,
  myChecklist,
  myEntry,
  mySection,
  mySectionCounts,
  removeEntry,
  sealedImport,
  type SectionSlug,
  sections,
  sectionSlugs,
  signAgreement,
} from '../../services/portfolio.ts';
import { myCommentsOn } from '../../services/advising.ts';
import { ApplicationAdvisingSection, MySectionComments } from '../../views/pages/advising.tsx';
import { sendApplicationPortfolioPage } from './advising.tsx';
import { EditEntryPage, PortfolioOverviewPage, SectionPage } from '../../views/pages/portfolio.tsx';
import {
  AgreementsPage,
  ApplicationPage,
  CompetenciesPage,
  ImportPage,
  ImportPreviewPage,
  typedNameField,
} from '../../views/pages/portfolio-more.tsx';
import { type ChecklistView, withApplication } from '../../views/pages/portfolio-parts.tsx';
import {
  capitalize,
  type FieldError,
  type FormValues,
  formErrorOf,
  keptValues,
  parseForm,
} from '../forms.ts';
import { parseMultipart } from '../multipart.ts';
import { sendPage, setNotice } from '../render.tsx';
import { route } from '../route-table.ts';
import {
  applicationParams,
  checklistQuery,
  confirmImportForm,
  entryForms,
  entryParams,
  entryValues,
  fieldOfPath,
  fileParams,
  newEntryValues,
  sectionParams,
  sectionQuery,
  signAgreementForm,
} from '../schemas/portfolio.ts';
import { requireUser, seeOther } from './helpers.ts';

const uploadOf = (body: Record<string, unknown>, name: string): Upload | undefined => {
  const v = body[name];
  return v && typeof v === 'object' && Buffer.isBuffer((v as Upload).bytes) ? (v as Upload) : undefined;
};
const bodyOf = (request: FastifyRequest): Record<string, unknown> =>
  request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
const applicationOf = (body: Record<string, unknown>): string | undefined =>
  typeof body.application === 'string' && body.application ? body.application : undefined;

type EntryFormOutput = { entry: Entry; removeFile: boolean };

function sectionOf(section: string): SectionSlug {
  if (!isSectionSlug(section)) throw notFound('That portfolio section');
  return section;
}

export async function portfolioRoutes(app: FastifyInstance): Promise<void> {
  const services = app.product;
  app.removeContentTypeParser('multipart/form-data');
  app.addContentTypeParser('multipart/form-data', parseMultipart);
  const r = app.withTypeProvider<ZodTypeProvider>();

  const checklistOf = async (
    request: FastifyRequest,
    requested: string | undefined,
  ): Promise<ChecklistView> => myChecklist(request.actor, requested, services);

  const associationOptions = async () =>
    (await listAllAssociations(services)).map((a) => ({ slug: a.slug, name: a.name }));

  // -------------------------------------------------------------------------
  // Overview and sections.

  r.route({
    ...route('GET /portfolio'),
    schema: { hide: true, querystring: checklistQuery },
    handler: async (request, reply) => {
      const { user } = requireUser(request);
      const counts = await mySectionCounts(request.actor, services);
      return sendPage(request, reply, {
        title: 'My portfolio',
        body: (
          <PortfolioOverviewPage
            person={user}
            sections={sectionSlugs.map((s) => ({ def: sections[s], count: counts[s] }))}
            checklist={await checklistOf(request, request.query.application)}
          />
        ),
      });
    },
  });

  const sectionPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: SectionSlug,
    requested: string | undefined,
    state: { errors?: FieldError[]; values?: FormValues; page?: number } = {},
  ) => {
    const def = sections[slug];
    const shown = await mySection(request.actor, slug, state.page ?? 1, services);
    return sendPage(request, reply, {
      title: shown.pages > 1 ? `${def.title}, page ${shown.page} of ${shown.pages}` : def.title,
      status: state.errors ? 400 : 200,
      body: (
        <SectionPage
          def={def}
          shown={shown}
          checklist={await checklistOf(request, requested)}
          associations={await associationOptions()}
          errors={state.errors}
          values={state.values ?? newEntryValues[slug]}
          comments={
            <MySectionComments comments={await myCommentsOn(requireUser(request).actor, slug, services)} />
          }
        />
      ),
    });
  };

  r.route({
    ...route('GET /portfolio/:section'),
    schema: { hide: true, params: sectionParams, querystring: sectionQuery },
    handler: async (request, reply) => {
      requireUser(request);
      const { application, page } = request.query;
      return sectionPage(request, reply, sectionOf(request.params.section), application, {
        ...(page ? { page } : {}),
      });
    },
  });

  /** Checks a section's form and its file; the errors of both at once. */
  const readEntryForm = (slug: SectionSlug, body: Record<string, unknown>) => {
    const def = sections[slug];
    const form = parseForm(entryForms[slug] as z.ZodType<EntryFormOutput>, body);
    const errors: FieldError[] = form.ok ? [] : [...form.errors];
    const upload = def.file ? uploadOf(body, def.file.input) : undefined;
    if (upload && def.file) {
      try {
        checkUpload(upload, def.file.input, def.file.what);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        errors.push(...formErrorOf(e));
      }
    }
    return { form, errors, upload };
  };

  /** A service's refusal as an error on the form field it is about. */
  const entryError = (slug: SectionSlug, e: unknown): FieldError[] => {
    if (!(e instanceof AppError) || e.code !== 'invalid' || !e.field) throw e;
    return [{ field: fieldOfPath(slug, e.field), message: capitalize(e.message) }];
  };

  r.route({
    ...route('POST /portfolio/:section'),
    schema: { hide: true, params: sectionParams },
    handler: async (request, reply) => {
      requireUser(request);
      const slug = sectionOf(request.params.section);
      const def = sections[slug];
      const body = bodyOf(request);
      const appId = applicationOf(body);
      const { form, errors, upload } = readEntryForm(slug, body);
      if (!form.ok || errors.length)
        return sectionPage(request, reply, slug, appId, { errors, values: keptValues(body) });
      try {
        await addEntry(request.actor, slug, { entry: form.data.entry, upload }, services);
      } catch (e) {
        return sectionPage(request, reply, slug, appId, {
          errors: entryError(slug, e),
          values: keptValues(body),
        });
      }
      setNotice(reply, `${capitalize(def.singular)} added.`);
      return seeOther(reply, withApplication(`/portfolio/${slug}`, appId));
    },
  });

  const editPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: SectionSlug,
    entryId: string,
    requested: string | undefined,
    state: { errors?: FieldError[]; values?: FormValues } = {},
  ) => {
    const entry = await myEntry(request.actor, slug, entryId, services);
    const def = sections[slug];
    return sendPage(request, reply, {
      title: `Change this ${def.singular}`,
      status: state.errors ? 400 : 200,
      body: (
        <EditEntryPage
          def={def}
          entry={entry}
          checklist={await checklistOf(request, requested)}
          associations={await associationOptions()}
          errors={state.errors}
          values={state.values ?? entryValues(slug, entry.data)}
        />
      ),
    });
  };

  r.route({
    ...route('GET /portfolio/:section/:entryId'),
    schema: { hide: true, params: entryParams, querystring: checklistQuery },
    handler: async (request, reply) => {
      requireUser(request);
      const slug = sectionOf(request.params.section);
      return editPage(request, reply, slug, request.params.entryId, request.query.application);
    },
  });

  r.route({
    ...route('POST /portfolio/:section/:entryId'),
    schema: { hide: true, params: entryParams },
    handler: async (request, reply) => {
      requireUser(request);
      const slug = sectionOf(request.params.section);
      const { entryId } = request.params;
      // Only its owner gets as far as the form (anyone else is refused here, whatever they sent).
      await myEntry(request.actor, slug, entryId, services);
      const body = bodyOf(request);
      const appId = applicationOf(body);
      const { form, errors, upload } = readEntryForm(slug, body);
      if (!form.ok || errors.length)
        return editPage(request, reply, slug, entryId, appId, { errors, values: keptValues(body) });
      try {
        await editEntry(
          request.actor,
          slug,
          entryId,
          { entry: form.data.entry, upload, removeFile: form.data.removeFile },
          services,
        );
      } catch (e) {
        return editPage(request, reply, slug, entryId, appId, {
          errors: entryError(slug, e),
          values: keptValues(body),
        });
      }
      setNotice(reply, `${capitalize(sections[slug].singular)} saved.`);
      return seeOther(reply, withApplication(`/portfolio/${slug}`, appId));
    },
  });

  r.route({
    ...route('POST /portfolio/:section/:entryId/remove'),
    schema: { hide: true, params: entryParams },
    handler: async (request, reply) => {
      requireUser(request);
      const slug = sectionOf(request.params.section);
      await removeEntry(request.actor, slug, request.params.entryId, services);
      setNotice(reply, `${capitalize(sections[slug].singular)} removed.`);
      return seeOther(reply, withApplication(`/portfolio/${slug}`, applicationOf(bodyOf(request))));
    },
  });

  r.route({
    ...route('GET /portfolio/files/:fileId'),
    schema: { hide: true, params: fileParams },
    handler: async (request, reply) => {
      requireUser(request);
      const { file, bytes } = await downloadFile(request.actor, request.params.fileId, services);
      // Always a download, of the type read from its contents, never opened in the page:
      // an ASCII name for every browser, the full name (RFC 5987) for those that read it.
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
        .send(bytes);
    },
  });

  // -------------------------------------------------------------------------
  // Agreements.

  const agreementsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    requested: string | undefined,
    state: { errors?: FieldError[]; values?: FormValues } = {},
  ) => {
    const { user } = requireUser(request);
    return sendPage(request, reply, {
      title: 'Agreements',
      status: state.errors ? 400 : 200,
      body: (
        <AgreementsPage
          person={user}
          associations={await myAgreements(request.actor, services)}
          checklist={await checklistOf(request, requested)}
          errors={state.errors}
          values={state.values}
        />
      ),
    });
  };

  r.route({
    ...route('GET /portfolio/agreements'),
    schema: { hide: true, querystring: checklistQuery },
    handler: (request, reply) => agreementsPage(request, reply, request.query.application),
  });

  r.route({
    ...route('POST /portfolio/agreements'),
    schema: { hide: true },
    handler: async (request, reply) => {
      requireUser(request);
      const body = bodyOf(request);
      const appId = applicationOf(body);
      const values = keptValues(body);
      const onField = (errors: FieldError[]) =>
        errors.map((e) =>
          e.field === 'typedName'
            ? { ...e, field: typedNameField(String(body.association ?? ''), String(body.kind ?? '')) }
            : e,
        );
      const form = parseForm(signAgreementForm, body);
      if (!form.ok) return agreementsPage(request, reply, appId, { errors: onField(form.errors), values });
      let signed;
      try {
        signed = await signAgreement(request.actor, form.data, services);
      } catch (e) {
        if (e instanceof AppError && e.code === 'invalid' && e.field)
          return agreementsPage(request, reply, appId, { errors: onField(formErrorOf(e)), values });
        throw e;
      }
      setNotice(reply, `You signed the ${signed.text.title} (version ${signed.text.version}).`);
      return seeOther(reply, withApplication('/portfolio/agreements', appId));
    },
  });

  // -------------------------------------------------------------------------
  // Competency coverage.

  r.route({
    ...route('GET /portfolio/competencies'),
    schema: { hide: true, querystring: checklistQuery },
    handler: async (request, reply) => {
      requireUser(request);
      const checklist = await checklistOf(request, request.query.application);
      const all = await associationOptions();
      const withDomains = all.filter((a) => catalogs().get(a.slug)?.competencies?.domains.length);
      const chosenSlug = checklist.applications.find((a) => a.id === checklist.chosen?.id)?.associationSlug;
      const slug =
        request.query.association ??
        chosenSlug ??
        withDomains.find((a) => a.slug === 'alliance')?.slug ??
        all[0]?.slug ??
        '';
      const coverage = await competencyCoverage(request.actor, slug, services);
      return sendPage(request, reply, {
        title: `Competency coverage: ${coverage.association.name}`,
        body: <CompetenciesPage {...coverage} associations={all} checklist={checklist} />,
      });
    },
  });

  // -------------------------------------------------------------------------
  // Export and import.

  r.route({
    ...route('GET /portfolio/export'),
    schema: { hide: true },
    handler: async (request, reply) => {
      requireUser(request);
      const document = await exportPortfolio(request.actor, services);
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="portfolio-${today()}.json"`)
        .header('cache-control', 'private, no-store')
        .send(`${JSON.stringify(document, null, 2)}\n`);
    },
  });

  const importPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    requested: string | undefined,
    state: { errors?: FieldError[]; values?: FormValues } = {},
  ) =>
    sendPage(request, reply, {
      title: 'Import a portfolio file',
      status: state.errors ? 400 : 200,
      body: (
        <ImportPage
          checklist={await checklistOf(request, requested)}
          errors={state.errors}
          values={state.values}
        />
      ),
    });

  r.route({
    ...route('GET /portfolio/import'),
    schema: { hide: true, querystring: checklistQuery },
    handler: async (request, reply) => {
      requireUser(request);
      return importPage(request, reply, request.query.application);
    },
  });

  /** The problems of an import as errors on the input they came from, each naming its JSON path. */
  const importErrors = (
    field: 'file' | 'json',
    problems: ReadonlyArray<{ path: string; message: string }>,
  ) => {
    const shown = problems.slice(0, 20).map((p) => ({ field, message: `${p.path}: ${p.message}` }));
    if (problems.length > 20) shown.push({ field, message: `and ${problems.length - 20} more problems` });
    return shown;
  };

  r.route({
    ...route('POST /portfolio/import'),
    schema: { hide: true },
    handler: async (request, reply) => {
      requireUser(request);
      const body = bodyOf(request);
      const appId = applicationOf(body);
      const upload = uploadOf(body, 'file');
      const pasted = typeof body.json === 'string' ? body.json : '';
      const values = { json: pasted };
      const fail = (errors: FieldError[]) => importPage(request, reply, appId, { errors, values });
      if (upload && pasted.trim())
        return fail([{ field: 'file', message: 'Choose a file or paste its text, not both' }]);
      if (!upload && !pasted.trim())
        return fail([{ field: 'file', message: 'Choose a portfolio file (.json), or paste its text below' }]);
      if (upload && (upload.truncated || upload.bytes.length > MAX_IMPORT_BYTES))
        return fail([{ field: 'file', message: `“${upload.filename}” is larger than 2 MB` }]);
      const text = upload ? upload.bytes.toString('utf8') : pasted;
      const field = upload ? 'file' : 'json';
      const check = await checkImport(request.actor, text, services);
      if (!check.ok) return fail(importErrors(field, check.problems));
      return previewPage(request, reply, appId, check.plan, check.sealed);
    },
  });

  const previewPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    requested: string | undefined,
    plan: ImportPlan,
    sealed: string,
    errors?: FieldError[],
  ) =>
    sendPage(request, reply, {
      title: 'Check what the import changes',
      status: errors ? 400 : 200,
      body: (
        <ImportPreviewPage
          plan={plan}
          sealed={sealed}
          sections={sectionSlugs.map((s) => sections[s])}
          checklist={await checklistOf(request, requested)}
          errors={errors}
        />
      ),
    });

  r.route({
    ...route('POST /portfolio/import/confirm'),
    schema: { hide: true },
    handler: async (request, reply) => {
      requireUser(request);
      const body = bodyOf(request);
      const appId = applicationOf(body);
      const form = parseForm(confirmImportForm, body);
      if (!form.ok) return importPage(request, reply, appId, { errors: form.errors });
      const { plan: sealed, apply } = form.data;
      let done;
      try {
        done = await applyImport(request.actor, { sealed, chosen: apply }, services);
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'invalid') throw e;
        // Nothing ticked: the same preview again, with the error at the ticks.
        if (e.field === 'apply')
          return previewPage(request, reply, appId, sealedImport(request.actor, sealed, services), sealed, [
            { field: 'apply', message: capitalize(e.message) },
          ]);
        return importPage(request, reply, appId, {
          errors: [{ field: 'file', message: capitalize(e.message) }],
        });
      }
      const said = [
        done.added ? `added ${done.added} ${done.added === 1 ? 'entry' : 'entries'}` : '',
        done.changed ? `changed ${done.changed}` : '',
      ].filter(Boolean);
      setNotice(reply, `Import done: ${said.join(' and ')} in your portfolio.`);
      return seeOther(reply, withApplication('/portfolio', appId));
    },
  });

  // -------------------------------------------------------------------------
  // An application: its page with the live checklist; its portfolio, read only.

  r.route({
    ...route('GET /applications/:id'),
    schema: { hide: true, params: applicationParams },
    handler: async (request, reply) => {
      const { actor } = requireUser(request);
      const page = await applicationPage(actor, request.params.id, services);
      const { application, association, advising } = page;
      const checklist: ChecklistView = {
        applications: [],
        chosen: {
          id: application.id,
          credential: application.credential,
          associationName: association.name,
          status: application.status,
        },
        ...page.judged,
      };
      return sendPage(request, reply, {
        title: `${application.credential} application`,
        body: (
          <ApplicationPage
            application={application}
            association={association}
            applicant={page.applicant}
            isOwner={page.isOwner}
            canReadPortfolio={page.canReadPortfolio}
            staffPage={
              page.isStaff
                ? `/associations/${encodeURIComponent(association.slug)}/applications/${encodeURIComponent(application.id)}`
                : undefined
            }
            checklist={checklist}
            decisions={page.decisions}
            exam={page.exam}
            endorsement={page.endorsement}
            advising={
              advising && (
                <ApplicationAdvisingSection
                  applicationId={application.id}
                  isOwner={page.isOwner}
                  advising={advising}
                />
              )
            }
          />
        ),
      });
    },
  });

  r.route({
    ...route('GET /applications/:id/portfolio'),
    schema: { hide: true, params: applicationParams },
    handler: (request, reply) => sendApplicationPortfolioPage(request, reply, services, request.params.id),
  });
}
