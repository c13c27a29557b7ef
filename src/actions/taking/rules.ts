import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ACTION_CHANNELS, type ActionChannel } from '../../platform/db/index.js';
import { currentLanguage, DEFAULT_LANGUAGE, t, translator } from '../../platform/i18n/index.js';
import { officeOpen as officeOpenAt, parseOfficeHours } from '../rules.js';

/*
 * The pure rules of taking action: the forms as checked at the edge, the letter as it is signed,
 * when an office is open, and the hour a letter is counted in. No database, no clock of their own.
 */

export const DAY_MS = 24 * 60 * 60_000;
export const HOUR_MS = 60 * 60_000;
/** A confirmation link works for seven days; an unconfirmed supporter is deleted after as long. */
export const CONFIRM_DAYS = 7;
/** Confirmation mails one unconfirmed address may be sent in an hour. */
export const LINKS_PER_HOUR = 2;

/** The channels a supporter reports with "I did it" (the email channel has its own form). */
export const DONE_CHANNELS = ['letter', 'post', 'call'] as const satisfies readonly ActionChannel[];
export type DoneChannel = (typeof DONE_CHANNELS)[number];

/** What a supporter may say of what they did, per channel: a call's outcome, a post's network. */
export const DETAILS: Readonly<Record<ActionChannel, readonly string[]>> = {
  email: [],
  letter: [],
  post: ['x', 'bluesky', 'mastodon'],
  call: ['answered', 'voicemail', 'refused', 'wrong-number'],
};

/** Limits of what a supporter writes: enough for a letter, not a book. */
export const LIMITS = { name: 100, email: 254, city: 100, country: 100, subject: 200, body: 5000 } as const;

/**
 * One spelling per address, so one person is one supporter: surrounding space dropped, Unicode
 * composed, lower case (as the subscriptions room spells its addresses; this room keeps its own).
 */
export function normaliseEmail(raw: string): string {
  return raw.trim().normalize('NFC').toLowerCase();
}

// Control characters (CR and LF among them) would let a name or an address write mail headers.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// In a letter's body, line breaks are the point; the other control characters are not.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL_BUT_LINES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

const oneLine = (max: number, message: string, required: boolean) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !CONTROL.test(v), message)
    .refine((v) => !required || v !== '', message);

/** The fields every "count me" form has: who, whether to hear back, and the traps for robots. */
function personFields() {
  return {
    name: oneLine(LIMITS.name, t('take.error.name'), true),
    email: z
      .string()
      .trim()
      .max(LIMITS.email)
      .refine((v) => !CONTROL.test(v), t('take.error.email'))
      .pipe(z.email(t('take.error.email')))
      .transform(normaliseEmail),
    keep_informed: z.string().transform((v) => v === 'yes'),
    wording: z
      .string()
      .regex(/^([0-9a-f]{64})?$/, t('take.error.wording'))
      .transform((v) => v || null),
    source_page: z.string().max(500).transform(sourcePage),
  };
}

/** The email channel's form: the letter as the supporter left it, and what it is signed with. */
export function emailFormSchema() {
  return z.object({
    ...personFields(),
    city: oneLine(LIMITS.city, t('take.error.city'), true),
    country: oneLine(LIMITS.country, t('take.error.country'), true),
    subject: oneLine(LIMITS.subject, t('take.error.subject'), true),
    body: z
      .string()
      .max(LIMITS.body)
      .refine((v) => !CONTROL_BUT_LINES.test(v), t('take.error.body'))
      .transform((v) => v.trim())
      .refine((v) => v !== '', t('take.error.bodyEmpty')),
  });
}

export type EmailForm = z.output<ReturnType<typeof emailFormSchema>>;

/** "I posted it", "I called": the channel, what the supporter says of it, and who they are. */
export function doneFormSchema() {
  return z
    .object({
      ...personFields(),
      channel: z.enum(DONE_CHANNELS, t('take.error.channel')),
      detail: z.string().trim().max(40),
    })
    .refine((form) => form.detail === '' || DETAILS[form.channel].includes(form.detail), {
      message: t('take.error.detail'),
      path: ['detail'],
    });
}

export type DoneForm = z.output<ReturnType<typeof doneFormSchema>>;

/** Only a path of this site is kept as the page a form was on; anything else is recorded as empty. */
export function sourcePage(value: string): string {
  return /^\/(?!\/)[\x21-\x7e]*$/.test(value) ? value : '';
}

/** The honeypot: a field people never see, left empty by them and filled by robots. */
export const HONEYPOT = 'leave_empty';

export function isChannel(value: string): value is ActionChannel {
  return (ACTION_CHANNELS as readonly string[]).includes(value);
}

export interface Wording {
  language: string;
  text: string;
  hash: string;
}

/** The "keep me informed" sentence as shown, and its hash (how an action refers to it). */
export function keepInformedWording(siteName: string): Wording {
  // The language it is shown in, recorded with it: the consent ledger keeps what the person read.
  const language = currentLanguage();
  const text = t('take.keepInformed', { site: siteName });
  return { language, text, hash: createHash('sha256').update(text, 'utf8').digest('hex') };
}

// ---------------------------------------------------------------------------------------------
// The letter.

/** A sample letter of an urgent action in one language. */
export interface LetterTemplate {
  language: string;
  subject: string;
  body: string;
}

/** The urgent action's sample letter in a language, if it has one with a text. */
function sampleIn(templates: readonly LetterTemplate[], language: string): LetterTemplate | undefined {
  return templates.find((x) => x.language === language && x.body.trim() !== '');
}

/**
 * The letter the form opens with, for a reader of the page in `readerLanguage`: the template in
 * the target's language, else the one in the reader's, else the one in the site's first language,
 * else one written from the asks (in the reader's). With it, the translation to show beside it
 * when the letter is in a language other than the reader's: the reader's, else the site's first.
 */
export function sampleLetter(
  templates: readonly LetterTemplate[],
  targetLanguage: string,
  readerLanguage: string,
  fallback: { reference: string | null; title: string; asks: readonly string[] },
): { letter: LetterTemplate; translation: LetterTemplate | null } {
  const inTarget = sampleIn(templates, targetLanguage);
  const readable = sampleIn(templates, readerLanguage) ?? sampleIn(templates, DEFAULT_LANGUAGE);
  const letter = inTarget ?? readable ?? letterFromAsks(readerLanguage, fallback);
  const translation = readable && readable.language !== letter.language ? readable : null;
  return { letter, translation };
}

/**
 * Whether the supporter sent the letter as the form offered it. A browser sends a textarea's line
 * ends as CRLF and the form's fields are trimmed, so neither makes an edit.
 */
function unedited(sent: { subject: string; body: string }, offered: LetterTemplate): boolean {
  const plain = (text: string) => text.replace(/\r\n?/g, '\n').trim();
  return plain(sent.subject) === plain(offered.subject) && plain(sent.body) === plain(offered.body);
}

/**
 * The letter one official is sent, with the language it is in. Left as the form offered it, it is
 * the urgent action's sample, not the supporter's words: the official gets the sample in their own
 * working language when there is one, else the one offered. Edited in any way, it is the
 * supporter's: every official gets it as written (a machine never changes someone's words), in
 * the offered letter's language.
 */
export function letterFor(
  sent: { subject: string; body: string },
  offered: LetterTemplate,
  templates: readonly LetterTemplate[],
  officialLanguage: string,
): LetterTemplate {
  const own = unedited(sent, offered) ? sampleIn(templates, officialLanguage) : undefined;
  return own ?? { language: offered.language, subject: sent.subject, body: sent.body };
}

export function letterFromAsks(
  language: string,
  from: { reference: string | null; title: string; asks: readonly string[] },
): LetterTemplate {
  const subject = from.reference ? `${from.reference}: ${from.title}` : from.title;
  const asks = from.asks.map((a) => `- ${a}`).join('\n');
  return {
    language,
    subject: subject.slice(0, LIMITS.subject),
    // In the language it says it is in, whichever request or group commit makes it.
    body: translator(language)('take.letter.fallback', { asks }),
  };
}

/** What one official is sent: their salutation, the letter, and the supporter's signature. */
export function signedLetter(
  body: string,
  salutation: string,
  signer: { name: string; city: string; country: string },
): string {
  const place = [signer.city, signer.country].filter(Boolean).join(', ');
  const opening = salutation ? `${salutation},\n\n` : '';
  return `${opening}${body.trim()}\n\n${signer.name}${place ? `\n${place}` : ''}\n`;
}

// ---------------------------------------------------------------------------------------------
// When letters go.

/**
 * Whether an office is open at a moment, by its hours as written, in its own zone (the impact
 * page's rule, `rules.ts`, which shows a queued letter as held by the same test). Hours
 * not known, unreadable, or in a zone this runtime does not know: open, since holding the
 * letters forever would lose them.
 */
export function officeOpen(officeHours: string, timeZone: string, at: Date): boolean {
  const read = parseOfficeHours(officeHours);
  if (!read.ok) return true;
  try {
    return officeOpenAt(read.ranges, timeZone, at);
  } catch {
    return true;
  }
}

/** The clock hour a moment falls in (UTC hours: whole-hour zones share them), its start and end. */
export function hourOf(at: Date): { start: Date; end: Date } {
  const start = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
  return { start: new Date(start), end: new Date(start + HOUR_MS) };
}

/** Letters one target may still be sent this hour. */
export function roomThisHour(cap: number, sentThisHour: number, inFlight: number): number {
  return Math.max(0, cap - sentThisHour - inFlight);
}

/** Tries per letter; after the last, it is dead and shown to the campaigner. */
export const MAX_TRIES = 5;
/** After a refusal, a letter waits 1 min, 5 min, 30 min, then 2 h before its next try. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * HOUR_MS] as const;

export function retryAt(tries: number, now: Date): Date {
  const delay =
    RETRY_DELAYS_MS[Math.min(Math.max(tries, 1), RETRY_DELAYS_MS.length) - 1] ?? RETRY_DELAYS_MS[0];
  return new Date(now.getTime() + delay);
}

/**
 * Whose failure a send error is. The server answered about this message: a permanent refusal
 * (5xx, "no such mailbox") bounces the letter; a temporary one (4xx: greylisting, a full mailbox)
 * is one of its tries. Anything else (no connection, a timeout) is the server's, costing no try.
 */
export function failureOf(err: unknown): 'bounced' | 'letter' | 'server' {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  if (typeof code !== 'number') return 'server';
  if (code >= 500 && code < 600) return 'bounced';
  return code >= 400 && code < 500 ? 'letter' : 'server';
}
