import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, formToken, type Staff, sendAdminHtml } from '../../accounts/index.js';
import type { PageCache } from '../../platform/cache/page-cache.js';
import type { Db, MediaRow } from '../../platform/db/index.js';
import { t } from '../../platform/i18n/index.js';
import { type FieldErrors, normaliseText } from '../../platform/views/forms.js';
import type { Site } from '../../platform/views/site.js';
import { mediaAccess } from '../access.js';
import { type MediaRefusal, mediaChangeRefusal, type PageRules } from '../permissions.js';
import { findMedia, listMedia, type MediaFilter, mediaUses } from '../queries.js';
import {
  type ChangeGuard,
  type DetailsProblem,
  deleteMedia,
  describeMedia,
  type MediaAdminDeps,
  replaceMediaFile,
  uploadMedia,
} from '../service.js';
import { MAX_DOCUMENT_BYTES, sniff, type UploadProblem } from '../sniff.js';
import {
  type DetailsValues,
  deletePage,
  editPage,
  emptyDetails,
  libraryPage,
  MEDIA_FILTERS,
} from './views.js';

type Deps = {
  db: Db;
  now: () => Date;
  cache: PageCache;
  site: Site;
  dataDir: string;
  pageRules: PageRules;
};

const PAGE_SIZE = 50;
const LIMITS = { alt: 500, caption: 1000, credit: 300 } as const;

const idParam = z.object({
  id: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number),
});

const listQuery = z.object({
  kind: z
    .enum(MEDIA_FILTERS as [MediaFilter, ...MediaFilter[]])
    .optional()
    .catch(undefined),
  page: z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number)
    .optional()
    .catch(undefined),
  done: z.enum(['deleted']).optional().catch(undefined),
});

/** Alt text, caption and credit as typed; trimmed, but otherwise kept exactly for a re-shown form. */
const detailsForm = z.object({
  alt: z.string().trim().max(LIMITS.alt).catch(''),
  caption: z.string().trim().max(LIMITS.caption).catch(''),
  credit: z.string().trim().max(LIMITS.credit).catch(''),
});

/** Field errors for text that is too long; the values are kept as typed so nothing is lost. */
function detailsErrors(raw: Record<string, unknown>): { values: DetailsValues; errors: FieldErrors } {
  const values: DetailsValues = { ...emptyDetails };
  const errors: FieldErrors = {};
  for (const name of ['alt', 'caption', 'credit'] as const) {
    // Line ends counted as the browser counts them, and no NUL (PostgreSQL cannot store it: a 500).
    const value = typeof raw[name] === 'string' ? normaliseText(raw[name] as string) : '';
    values[name] = value;
    if (value.trim().length > LIMITS[name]) {
      errors[name] = t('media.tooLong', { field: t(`media.${name}`), max: LIMITS[name] });
    }
  }
  return { values, errors };
}

const problemMessage = (problem: UploadProblem | 'wrong-kind') => t(`media.refused.${problem}`);

/** A full disk or database is the server's condition: 503, and a hint of when to come back. */
const OUT_OF_SPACE_STATUS = 503;
const RETRY_AFTER_SECONDS = '300';

function logOutOfSpace(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  // Someone has to free space: this is the line that tells them.
  request.log.error({ err: error }, 'media: no space left to save a change');
  reply.header('retry-after', RETRY_AFTER_SECONDS);
}
const detailsMessage = (_problem: DetailsProblem) => t('media.altRequired');

interface Submission {
  fields: Record<string, string>;
  file?: { bytes: Buffer; name: string };
  problem?: UploadProblem;
}

/** A file name for display: no directories, no control characters, not too long. */
function displayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return base.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200) || 'upload';
}

/**
 * Reads a multipart form in the handler (the guard has already checked the CSRF token from the
 * address). The plugin stops at 25 MB and marks the file truncated; the type's own cap (20 MB for
 * images) is applied after sniffing.
 */
async function readSubmission(request: FastifyRequest, fileField: string): Promise<Submission> {
  const fields: Record<string, string> = {};
  if (!request.isMultipart()) {
    // A plain form here is a submission sent again after a login or a refused token: the file
    // cannot travel that way, but the words typed beside it do, and are shown again.
    const body = (request.body ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== '_csrf') fields[k] = v;
    return { fields, problem: 'empty' };
  }
  // throwFileSizeLimit: false lets a truncated file be reported beside its field instead of as a 413.
  const options: Parameters<FastifyRequest['parts']>[0] & { throwFileSizeLimit: boolean } = {
    limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 20 },
    throwFileSizeLimit: false,
  };
  let file: Submission['file'];
  let problem: UploadProblem | undefined;
  try {
    for await (const part of request.parts(options)) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      if (part.fieldname !== fileField) continue;
      const bytes = Buffer.concat(chunks);
      if (part.file.truncated) {
        problem = sniff(bytes)?.kind === 'image' ? 'image-too-large' : 'document-too-large';
      } else if (bytes.length === 0) {
        problem = 'empty';
      } else {
        file = { bytes, name: displayName(part.filename) };
      }
    }
  } catch (err) {
    request.log.warn({ err }, 'unreadable upload');
    return { fields, problem: 'unreadable' };
  }
  return { fields, file, problem: file ? undefined : (problem ?? 'empty') };
}

/** Reads a refused upload to its end without keeping it, so the answer is not sent mid-upload. */
async function discardSubmission(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) return;
  try {
    for await (const part of request.parts({
      limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 20 },
    })) {
      if (part.type === 'file') for await (const _ of part.file);
    }
  } catch {
    // Whatever was wrong with it, it is refused anyway.
  }
}

/** The permission check of one person, for the service to repeat inside its transaction. */
const guardFor =
  (staff: Staff, rules: PageRules): ChangeGuard =>
  (row, uses) =>
    mediaChangeRefusal(staff, row, uses, rules);

export function mediaAdminRoutes(app: FastifyInstance, deps: Deps): void {
  const { site } = deps;
  const service: MediaAdminDeps = deps;

  async function showLibrary(
    request: FastifyRequest,
    reply: FastifyReply,
    form: { values: DetailsValues; errors: FieldErrors; status?: number; notice?: string },
  ) {
    const query = listQuery.parse(request.query ?? {});
    const filter = query.kind ?? 'all';
    const page = Math.max(1, query.page ?? 1);
    const { rows, total } = await listMedia(deps.db, filter, PAGE_SIZE, (page - 1) * PAGE_SIZE);
    const uses = await mediaUses(
      deps.db,
      rows.map((r) => r.id),
    );
    const notice = form.notice ?? (query.done === 'deleted' ? t('media.deleted') : undefined);
    return sendAdminHtml(
      reply,
      libraryPage(site, request.staff as Staff, {
        rows,
        uses,
        filter,
        page,
        pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
        total,
        csrf: formToken(request),
        values: form.values,
        errors: form.errors,
        notice,
      }),
      form.status ?? 200,
    );
  }

  async function showEditor(
    request: FastifyRequest,
    reply: FastifyReply,
    row: MediaRow,
    form: {
      values?: DetailsValues;
      errors?: FieldErrors;
      replaceError?: string;
      saveError?: string;
      status?: number;
      notice?: string;
      refusal?: MediaRefusal;
    },
  ) {
    const uses = (await mediaUses(deps.db, [row.id])).get(row.id) ?? [];
    const staff = request.staff as Staff;
    // A person who may not change the item sees why instead of forms that would be refused.
    const refusal = form.refusal ?? mediaChangeRefusal(staff, row, uses, deps.pageRules);
    return sendAdminHtml(
      reply,
      editPage(site, staff, {
        row,
        uses,
        csrf: formToken(request),
        values: form.values ?? { alt: row.alt, caption: row.caption, credit: row.credit },
        errors: form.errors ?? {},
        replaceError: form.replaceError,
        saveError: form.saveError,
        notice: form.notice,
        canDelete: mediaAccess.can(staff.user.role, 'media.manage'),
        refusal,
      }),
      form.status ?? 200,
    );
  }

  app.get('/admin/media', { config: { permission: 'media.upload' } }, async (request, reply) =>
    showLibrary(request, reply, { values: emptyDetails, errors: {} }),
  );

  app.post('/admin/media', { config: { permission: 'media.upload' } }, async (request, reply) => {
    const submission = await readSubmission(request, 'file');
    const { values, errors } = detailsErrors(submission.fields);
    const refuse = (more: FieldErrors) =>
      showLibrary(request, reply, { values, errors: { ...more, ...errors }, status: 400 });
    if (!submission.file) {
      return refuse({ file: problemMessage(submission.problem ?? 'empty') });
    }
    if (Object.keys(errors).length > 0) return refuse({});
    const details = detailsForm.parse(values);
    const outcome = await uploadMedia(
      service,
      { bytes: submission.file.bytes, originalName: submission.file.name, ...details },
      actorOf(request.staff as Staff, request.ip),
    );
    if (!outcome.ok && outcome.reason === 'out-of-space') {
      logOutOfSpace(request, reply, outcome.error);
      return showLibrary(request, reply, {
        values,
        errors: { file: t('media.outOfSpace.upload') },
        status: OUT_OF_SPACE_STATUS,
      });
    }
    if (!outcome.ok) {
      return refuse({
        ...(outcome.errors.file ? { file: problemMessage(outcome.errors.file) } : {}),
        ...(outcome.errors.alt ? { alt: detailsMessage(outcome.errors.alt) } : {}),
      });
    }
    return reply.redirect(`/admin/media/${outcome.id}?done=uploaded`, 303);
  });

  app.get('/admin/media/:id', { config: { permission: 'media.upload' } }, async (request, reply) => {
    const params = idParam.safeParse(request.params);
    const row = params.success ? await findMedia(deps.db, params.data.id) : undefined;
    if (!row) return reply.callNotFound();
    const done = String((request.query as Record<string, unknown>).done ?? '');
    const notices: Record<string, string> = {
      uploaded: t('media.uploaded'),
      saved: t('admin.saved'),
      replaced: t('media.replaced'),
    };
    return showEditor(request, reply, row, { notice: notices[done] });
  });

  /** The item, and why this person may not change it (null when they may). */
  async function judge(request: FastifyRequest, id: number) {
    const row = await findMedia(deps.db, id);
    if (!row) return undefined;
    const uses = (await mediaUses(deps.db, [id])).get(id) ?? [];
    return { row, refusal: mediaChangeRefusal(request.staff as Staff, row, uses, deps.pageRules) };
  }

  const refuse = (request: FastifyRequest, reply: FastifyReply, row: MediaRow, refusal: MediaRefusal) =>
    showEditor(request, reply, row, { refusal, status: 403 });

  app.post('/admin/media/:id', { config: { permission: 'media.upload' } }, async (request, reply) => {
    const params = idParam.safeParse(request.params);
    const judged = params.success ? await judge(request, params.data.id) : undefined;
    if (!judged) return reply.callNotFound();
    const { row } = judged;
    if (judged.refusal) return refuse(request, reply, row, judged.refusal);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { values, errors } = detailsErrors(body);
    if (Object.keys(errors).length > 0)
      return showEditor(request, reply, row, { values, errors, status: 400 });
    const outcome = await describeMedia(
      service,
      row.id,
      detailsForm.parse(values),
      actorOf(request.staff as Staff, request.ip),
      guardFor(request.staff as Staff, deps.pageRules),
    );
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return reply.callNotFound();
      if (outcome.reason === 'forbidden') return refuse(request, reply, row, outcome.refusal);
      if (outcome.reason === 'out-of-space') {
        logOutOfSpace(request, reply, outcome.error);
        return showEditor(request, reply, row, {
          values,
          saveError: t('media.outOfSpace.details'),
          status: OUT_OF_SPACE_STATUS,
        });
      }
      const altError = outcome.errors.alt ? { alt: detailsMessage(outcome.errors.alt) } : {};
      return showEditor(request, reply, row, { values, errors: altError, status: 400 });
    }
    return reply.redirect(`/admin/media/${row.id}?done=saved`, 303);
  });

  app.post('/admin/media/:id/file', { config: { permission: 'media.upload' } }, async (request, reply) => {
    const params = idParam.safeParse(request.params);
    const judged = params.success ? await judge(request, params.data.id) : undefined;
    if (!judged) {
      await discardSubmission(request);
      return reply.callNotFound();
    }
    const { row } = judged;
    if (judged.refusal) {
      await discardSubmission(request);
      return refuse(request, reply, row, judged.refusal);
    }
    const submission = await readSubmission(request, 'replacement');
    if (!submission.file) {
      return showEditor(request, reply, row, {
        replaceError: problemMessage(submission.problem ?? 'empty'),
        status: 400,
      });
    }
    const outcome = await replaceMediaFile(
      service,
      row.id,
      { bytes: submission.file.bytes, originalName: submission.file.name },
      actorOf(request.staff as Staff, request.ip),
      guardFor(request.staff as Staff, deps.pageRules),
    );
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return reply.callNotFound();
      if (outcome.reason === 'forbidden') return refuse(request, reply, row, outcome.refusal);
      if (outcome.reason === 'out-of-space') {
        logOutOfSpace(request, reply, outcome.error);
        return showEditor(request, reply, row, {
          replaceError: t('media.outOfSpace.replace'),
          status: OUT_OF_SPACE_STATUS,
        });
      }
      return showEditor(request, reply, row, { replaceError: problemMessage(outcome.problem), status: 400 });
    }
    return reply.redirect(`/admin/media/${row.id}?done=replaced`, 303);
  });

  app.get('/admin/media/:id/delete', { config: { permission: 'media.manage' } }, async (request, reply) => {
    const params = idParam.safeParse(request.params);
    const row = params.success ? await findMedia(deps.db, params.data.id) : undefined;
    if (!row) return reply.callNotFound();
    const uses = (await mediaUses(deps.db, [row.id])).get(row.id) ?? [];
    return sendAdminHtml(
      reply,
      deletePage(site, request.staff as Staff, { row, uses, csrf: formToken(request) }),
    );
  });

  app.post('/admin/media/:id/delete', { config: { permission: 'media.manage' } }, async (request, reply) => {
    const params = idParam.safeParse(request.params);
    const row = params.success ? await findMedia(deps.db, params.data.id) : undefined;
    if (!row) return reply.callNotFound();
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (body.confirm !== 'yes') {
      // The confirm step: nothing is deleted until the person has seen where the item is used.
      const uses = (await mediaUses(deps.db, [row.id])).get(row.id) ?? [];
      return sendAdminHtml(
        reply,
        deletePage(site, request.staff as Staff, {
          row,
          uses,
          csrf: formToken(request),
          error: t('media.deleteNeedsConfirm'),
        }),
        400,
      );
    }
    const outcome = await deleteMedia(service, row.id, actorOf(request.staff as Staff, request.ip));
    if (!outcome.ok) return reply.callNotFound();
    return reply.redirect('/admin/media?done=deleted', 303);
  });
}
