import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  FOLLOW_KINDS,
  type FollowKind,
  SUBSCRIBER_FREQUENCIES,
  type SubscriberFrequency,
} from '../platform/db/index.js';
import { t } from '../platform/i18n/index.js';

/** A confirmation link works for seven days; an unconfirmed request is deleted after as long. */
export const CONFIRM_DAYS = 7;
export const DAY_MS = 24 * 60 * 60_000;

/** The languages a subscriber may receive mail in: those with a catalogue (each named in itself). */
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'Français' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

export type TargetKind = Exclude<FollowKind, 'everything'>;
export const TARGET_KINDS: readonly TargetKind[] = FOLLOW_KINDS.filter(
  (k): k is TargetKind => k !== 'everything',
);

/** Something a supporter can follow, as the newsroom names it (given at composition in app.ts). */
export interface FollowTarget {
  kind: TargetKind;
  id: number;
  slug: string;
  name: string;
  /** The name's language, when it is not the page's (a case, or no name in the page's language). */
  lang?: string;
}

/** The newsroom's countries, regions, topics and cases, without this room knowing the newsroom. */
export interface Followables {
  list(): Promise<readonly FollowTarget[]>;
}

export interface Follow {
  kind: FollowKind;
  /** The target's id; 0 for everything. */
  targetId: number;
}

/**
 * One spelling per address, so the same person is one subscriber: surrounding space dropped,
 * Unicode composed (NFC), lower case. Lower-casing the local part is what every large mail provider
 * does in practice; the rare server that tells `Ana@` from `ana@` is not worth a duplicate person.
 */
export function normaliseEmail(raw: string): string {
  return raw.trim().normalize('NFC').toLowerCase();
}

// Control characters (CR and LF among them) would let a name or an address write mail headers.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** A follow as a form value: `everything`, or `country:12`. */
export function followValue(follow: Follow): string {
  return follow.kind === 'everything' ? 'everything' : `${follow.kind}:${follow.targetId}`;
}

export function parseFollowValue(value: string): Follow | null {
  if (value === 'everything') return { kind: 'everything', targetId: 0 };
  const match = /^(country|region|topic|case):([1-9]\d{0,8})$/.exec(value);
  return match ? { kind: match[1] as TargetKind, targetId: Number(match[2]) } : null;
}

/** The fields of the subscribe form, checked; messages sit beside their fields (readForm). */
export function subscribeFormSchema() {
  return z.object({
    email: z
      .string()
      .trim()
      .max(254)
      .refine((v) => !CONTROL.test(v), t('subscribe.error.email'))
      .pipe(z.email(t('subscribe.error.email')))
      .transform(normaliseEmail),
    name: z
      .string()
      .trim()
      .max(100)
      .refine((v) => !CONTROL.test(v), t('subscribe.error.name'))
      .transform((v) => v || null),
    language: z.enum(
      LANGUAGES.map((l) => l.code),
      t('subscribe.error.language'),
    ),
    frequency: z.enum(SUBSCRIBER_FREQUENCIES, t('subscribe.error.frequency')),
    follow: z
      .array(z.string())
      .max(1000, t('subscribe.error.follow'))
      .transform((values) => uniqueFollows(values.map(parseFollowValue)))
      .refine((follows) => follows.length > 0, t('subscribe.error.follow')),
    consent: z.literal('yes', t('subscribe.error.consent')),
    wording: z.string().regex(/^[0-9a-f]{64}$/, t('subscribe.error.wording')),
    source_page: z.string().max(500).transform(sourcePage),
    source_form: z.string().max(40).transform(sourceForm),
  });
}

/** The preference form: the sign-up's choices, for someone whose address is already known. */
export function manageFormSchema() {
  return subscribeFormSchema().omit({ email: true, consent: true, source_page: true, source_form: true });
}

export type SubscribeForm = z.output<ReturnType<typeof subscribeFormSchema>>;
export const FORM_LISTS = ['follow'] as const;

function uniqueFollows(follows: ReadonlyArray<Follow | null>): Follow[] {
  const seen = new Map<string, Follow>();
  for (const f of follows) if (f) seen.set(followValue(f), f);
  return [...seen.values()];
}

/** Only a path of this site is kept as the page a form was on; anything else is recorded as empty. */
export function sourcePage(value: string): string {
  return /^\/(?!\/)[\x21-\x7e]*$/.test(value) ? value : '';
}

/**
 * The page a form was opened on, as recorded with the consent: the path and only the parameters
 * that choose follows. Anything else in the address (`utm_*`, `fbclid`, a typo) is not kept:
 * Candle records where a consent came from, not how the person was tracked there.
 */
export function openedOn(url: string): string {
  const parsed = new URL(url, 'http://x');
  const kept = new URLSearchParams();
  for (const name of ['everything', ...TARGET_KINDS])
    for (const value of parsed.searchParams.getAll(name).slice(0, 20)) kept.append(name, value);
  const query = kept.toString();
  return sourcePage(`${parsed.pathname}${query ? `?${query}` : ''}`.slice(0, 500));
}

/** The forms that subscribe: this page, or the block at the foot of a country, topic… page. */
export const SOURCE_FORMS = ['subscribe-page', 'page-block'] as const;
function sourceForm(value: string): string {
  return (SOURCE_FORMS as readonly string[]).includes(value) ? value : 'subscribe-page';
}

export interface Wording {
  language: string;
  text: string;
  hash: string;
}

/** The consent sentence a person ticks, exactly as shown, and its hash (how events refer to it). */
export function consentWording(siteName: string, language: string): Wording {
  const text = t('subscribe.consent', { site: siteName });
  return { language, text, hash: createHash('sha256').update(text, 'utf8').digest('hex') };
}

/**
 * The follows a link pre-selects: `?country=mexico&topic=torture`, by slug, each parameter once
 * or several times. Unknown slugs are ignored: a prefill never refuses a page.
 */
export function prefilledFollows(
  query: Readonly<Record<string, unknown>>,
  targets: readonly FollowTarget[],
): Follow[] {
  const out: Follow[] = [];
  if (query.everything !== undefined) out.push({ kind: 'everything', targetId: 0 });
  for (const kind of TARGET_KINDS) {
    const raw = query[kind];
    const slugs = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    for (const slug of slugs.slice(0, 20)) {
      const target = targets.find((x) => x.kind === kind && x.slug === slug);
      if (target) out.push({ kind, targetId: target.id });
    }
  }
  return uniqueFollows(out);
}

/** The follows that name something that exists (a deleted topic's id is dropped). */
export function knownFollows(follows: readonly Follow[], targets: readonly FollowTarget[]): Follow[] {
  return follows.filter(
    (f) => f.kind === 'everything' || targets.some((x) => x.kind === f.kind && x.id === f.targetId),
  );
}

export type { SubscriberFrequency };
