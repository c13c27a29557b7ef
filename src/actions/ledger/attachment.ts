import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../accounts/index.js';
import { type MessageKey, t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/views/forms.js';
import type { LedgerMedia } from './deps.js';
import type { AttachmentChange } from './service.js';

/*
 * An entry's attachment arrives in the entry's own multipart form and goes into the media library
 * through its upload use case (type sniffing, size limits, EXIF stripping, the PDF's details, the
 * audit): nothing is checked here that the library checks.
 */

/** The library's own limit for the largest file it takes (a PDF); the library judges the rest. */
const LARGEST_UPLOAD = 25 * 1024 * 1024;

export interface Submission {
  /** The text fields as sent. */
  fields: Record<string, string>;
  file?: { bytes: Buffer; name: string };
  /** The upload was cut at the limit or could not be read. */
  problem?: 'document-too-large' | 'unreadable';
}

/** A file name for the library: no directories, no control characters, not too long. */
function displayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return base.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200) || 'attachment';
}

/**
 * Reads the entry's form: multipart from the page (the guard checked the CSRF token in the
 * address), or urlencoded when a refused submission is sent again after a login (the file cannot
 * travel that way; the words typed do). A file field left empty is no attachment.
 */
export async function readSubmission(request: FastifyRequest): Promise<Submission> {
  const fields: Record<string, string> = {};
  if (!request.isMultipart()) {
    const body = request.body;
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
        if (k === '_csrf') continue;
        const first = Array.isArray(v) ? v[0] : v;
        if (typeof first === 'string') fields[k] = first;
      }
    }
    return { fields };
  }
  const options: Parameters<FastifyRequest['parts']>[0] & { throwFileSizeLimit: boolean } = {
    limits: { fileSize: LARGEST_UPLOAD, files: 1, fields: 20 },
    throwFileSizeLimit: false,
  };
  let file: Submission['file'];
  let problem: Submission['problem'];
  try {
    for await (const part of request.parts(options)) {
      if (part.type === 'field') {
        if (typeof part.value === 'string' && !(part.fieldname in fields))
          fields[part.fieldname] = part.value;
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      if (part.fieldname !== 'attachment') continue;
      const bytes = Buffer.concat(chunks);
      if (part.file.truncated) problem = 'document-too-large';
      else if (bytes.length > 0 || part.filename) file = { bytes, name: displayName(part.filename) };
    }
  } catch (err) {
    request.log.warn({ err }, 'unreadable ledger upload');
    return { fields, problem: 'unreadable' };
  }
  return { fields, file, problem };
}

export type AttachmentRead = { ok: true; change: AttachmentChange } | { ok: false; errors: FieldErrors };

/**
 * The attachment change a valid form asks for: a new file through the media library (its refusal
 * shown beside the field, with the library's words), removal, or none.
 */
export async function attachmentChange(
  media: LedgerMedia,
  actor: Actor,
  submission: Submission,
  form: { attachment_alt: string; remove_attachment: boolean; summary: string },
): Promise<AttachmentRead> {
  if (submission.problem) {
    return { ok: false, errors: { attachment: t(`media.refused.${submission.problem}`) } };
  }
  if (!submission.file)
    return { ok: true, change: form.remove_attachment ? { kind: 'remove' } : { kind: 'keep' } };
  const uploaded = await media.upload(
    {
      bytes: submission.file.bytes,
      originalName: submission.file.name,
      alt: form.attachment_alt,
      caption: '',
      credit: '',
    },
    actor,
  );
  if (uploaded.ok) return { ok: true, change: { kind: 'set', id: uploaded.id } };
  if (uploaded.reason === 'out-of-space')
    return { ok: false, errors: { attachment: t('ledger.error.noSpace') } };
  const errors: FieldErrors = {};
  // The library's own words for what it refused (media.refused.*).
  if (uploaded.errors.file) errors.attachment = t(`media.refused.${uploaded.errors.file}` as MessageKey);
  if (uploaded.errors.alt) errors.attachment_alt = t('media.altRequired');
  return { ok: false, errors };
}
