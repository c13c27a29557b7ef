import { z } from 'zod';
import { t } from '../platform/i18n/index.js';
import { isPhone, isTimeZone, lines, parseOfficeHours } from './rules.js';

/*
 * The admin forms as zod reads them (with platform's readForm): every rule a campaigner can break
 * has its message here, shown beside the field.
 */

const date = z
  .string()
  .trim()
  .refine((v) => v === '' || isDate(v), t('uaAdmin.error.date'));

function isDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

const id = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);

/** The id in an address of this room's (`/actions/:id/…`, `/admin/actions/:id/…`): digits only, or no such page. */
export const idParams = z.object({ id });

/** A whole number typed in a field, within bounds; `empty` is what an empty field means, if anything. */
function wholeNumber(min: number, max: number, message: string, empty?: number) {
  const typed = z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);
  return empty === undefined ? typed : z.union([z.literal('').transform(() => empty), typed], message);
}

/** A BCP 47 language tag as written in forms ("es", "pt-BR"). */
export const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

const LETTER_SUBJECT_MAX = 200;
const LETTER_BODY_MAX = 10_000;

export const detailsForm = z
  .object({
    follows_id: z.union([z.literal(''), id], t('uaAdmin.error.follows')),
    document_index: z.string().trim().max(50),
    issued_on: date,
    act_before: date,
    languages: z.string().trim().max(200),
    asks: z
      .string()
      .max(3500)
      .refine((v) => {
        const l = lines(v);
        return l.length <= 10 && l.every((x) => x.length <= 300);
      }, t('uaAdmin.error.asks')),
    background: z.string().max(20_000),
    person_name: z.array(z.string().trim().max(200, t('uaAdmin.error.people'))),
    person_pronouns: z.array(z.string().trim().max(50, t('uaAdmin.error.people'))),
    person_case: z.array(z.union([z.literal(''), id], t('uaAdmin.error.people'))),
    targets: z.array(id, t('uaAdmin.error.targets')).max(50, t('uaAdmin.error.targets')),
    copies: z.array(id, t('uaAdmin.error.targets')).max(50, t('uaAdmin.error.targets')),
    goal: wholeNumber(0, 10_000_000, t('uaAdmin.error.goal'), 0),
    hourly_cap: wholeNumber(1, 10_000, t('uaAdmin.error.hourlyCap')),
    letter_language: z.array(z.string().trim().max(35, t('uaAdmin.error.letters'))).max(20),
    letter_subject: z.array(z.string().max(1000, t('uaAdmin.error.letters'))).max(20),
    letter_body: z.array(z.string().max(LETTER_BODY_MAX * 2, t('uaAdmin.error.letters'))).max(20),
    /** The languages whose letter is to be removed (a checkbox beside each saved letter). */
    letter_remove: z.array(z.string().trim().max(35)).max(20),
  })
  .superRefine((v, ctx) => {
    if (v.issued_on && v.act_before && v.act_before <= v.issued_on) {
      ctx.addIssue({ code: 'custom', path: ['act_before'], message: t('uaAdmin.error.dateOrder') });
    }
    if (v.targets.some((x) => v.copies.includes(x))) {
      ctx.addIssue({ code: 'custom', path: ['targets'], message: t('uaAdmin.error.targets') });
    }
    if (lettersRead(v) === null) {
      ctx.addIssue({ code: 'custom', path: ['letter_language'], message: t('uaAdmin.error.letters') });
    }
  });

export const DETAILS_LISTS = [
  'person_name',
  'person_pronouns',
  'person_case',
  'targets',
  'copies',
  'letter_language',
  'letter_subject',
  'letter_body',
  'letter_remove',
] as const;

export type DetailsForm = z.output<typeof detailsForm>;

interface LetterRows {
  letter_language: string[];
  letter_subject: string[];
  letter_body: string[];
  letter_remove: string[];
}

/**
 * The sample letters of a form's rows, or null when one is wrong: a row left wholly empty (the
 * form's spare one) or ticked for removal is dropped; every other needs a language code, a subject
 * on one line and a text, each within its length, and no language twice.
 */
function lettersRead(form: LetterRows): Array<{ language: string; subject: string; body: string }> | null {
  const removed = new Set(form.letter_remove.map((l) => l.toLowerCase()));
  const letters: Array<{ language: string; subject: string; body: string }> = [];
  const rows = Math.max(form.letter_language.length, form.letter_subject.length, form.letter_body.length);
  for (let i = 0; i < rows; i++) {
    const language = (form.letter_language[i] ?? '').trim();
    const subject = (form.letter_subject[i] ?? '').trim();
    const body = (form.letter_body[i] ?? '').trim();
    if (language === '' && subject === '' && body === '') continue;
    if (language !== '' && removed.has(language.toLowerCase())) continue;
    if (!LANGUAGE_TAG.test(language)) return null;
    if (subject === '' || subject.length > LETTER_SUBJECT_MAX || subject.includes('\n')) return null;
    if (body === '' || body.length > LETTER_BODY_MAX) return null;
    if (letters.some((l) => l.language.toLowerCase() === language.toLowerCase())) return null;
    letters.push({ language, subject, body });
  }
  return letters;
}

/** The sample letters of a valid form, in the order written. */
export function lettersOf(form: DetailsForm): Array<{ language: string; subject: string; body: string }> {
  return lettersRead(form) ?? [];
}

/** The people of a form: its rows zipped, the rows without a name dropped. */
export function peopleOf(
  form: DetailsForm,
): Array<{ name: string; pronouns: string; caseId: number | null }> {
  return form.person_name.flatMap((name, i) => {
    if (name === '') return [];
    const caseId = form.person_case[i];
    return [
      { name, pronouns: form.person_pronouns[i] ?? '', caseId: typeof caseId === 'number' ? caseId : null },
    ];
  });
}

/** The languages of a form's comma-separated field, trimmed, without empty ones. */
export function languagesOf(text: string): string[] {
  return text
    .split(',')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, 10);
}

export const eventForm = z.object({
  kind: z.enum(['closed', 'success'], t('uaAdmin.error.kind')),
  note: z.string().trim().max(2000),
});

export const targetForm = z
  .object({
    honorific: z.string().trim().max(50),
    name: z.string().trim().min(1, t('targets.error.name')).max(200, t('targets.error.name')),
    title: z.string().trim().max(200),
    body: z.string().trim().max(200),
    country_code: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, t('targets.error.country'))
      .transform((v) => v.toUpperCase()),
    state: z.string().trim().max(100),
    postal_address: z.string().trim().max(1000),
    email: z
      .string()
      .trim()
      .max(254, t('targets.error.email'))
      .refine((v) => v === '' || z.email().safeParse(v).success, t('targets.error.email')),
    phone: z
      .string()
      .trim()
      .refine((v) => v === '' || isPhone(v), t('targets.error.phone')),
    social: z
      .string()
      .max(2200)
      .refine((v) => {
        const l = lines(v);
        return l.length <= 10 && l.every((x) => x.length <= 200);
      }, t('targets.error.social')),
    salutation: z.string().trim().max(100),
    language: z.string().trim().regex(LANGUAGE_TAG, t('targets.error.language')),
    time_zone: z.string().trim().max(64).refine(isTimeZone, t('targets.error.timeZone')),
    office_hours: z.string().max(2000),
  })
  .superRefine((v, ctx) => {
    const read = parseOfficeHours(v.office_hours);
    if (!read.ok) {
      ctx.addIssue({
        code: 'custom',
        path: ['office_hours'],
        message: t('targets.error.officeHours', { line: read.line }),
      });
    }
  });

export type TargetForm = z.output<typeof targetForm>;
