import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { NetworkMessageKind } from '../../platform/db/index.js';
import { t } from '../../platform/i18n/index.js';
import {
  DAY_MS,
  type Follow,
  LANGUAGES,
  normaliseEmail,
  parseFollowValue,
  sourcePage,
  type Wording,
} from '../rules.js';

/** What a member can ask urgent actions about: not cases (a new urgent action opens its own). */
export const NETWORK_FOLLOW_KINDS = ['country', 'region', 'topic', 'everything'] as const;
export type NetworkFollowKind = (typeof NETWORK_FOLLOW_KINDS)[number];
export interface NetworkFollow {
  kind: NetworkFollowKind;
  targetId: number;
}

/** The caps offered ("at most N actions a week"); anything else is refused. */
export const WEEKLY_CAPS = [1, 2, 3, 5, 10] as const;
export const DEFAULT_CAP = 3;
/** The cap counts what a member was sent in the last seven days (a rolling week, in no one's zone). */
export const WEEK_MS = 7 * DAY_MS;

/**
 * Whether a member is mailed a new urgent action: while what they were sent in the last seven
 * days and the newer ones still waiting for them stay under their cap. Newer first: when several
 * wait at once (a burst, an outage), the most recent take the room and the older are `capped`.
 */
export function withinCap(cap: number, sentThisWeek: number, newerWaiting: number): boolean {
  return sentThisWeek + newerWaiting < cap;
}

/** Why a member was not mailed, as the send log keeps it (`last_error` of a `capped` row). */
export function capReason(cap: number, sentThisWeek: number, newerWaiting: number): string {
  return `weekly cap ${cap}: ${sentThisWeek} sent in the last 7 days, ${newerWaiting} newer waiting`;
}

/** Who hears of a message: members for a new urgent action, those who acted for the rest. */
export function audienceOf(kind: NetworkMessageKind): 'members' | 'supporters' {
  return kind === 'action' ? 'members' : 'supporters';
}

/** The channels a new urgent action's message links to, each to its section of the page. */
export const CHANNEL_ANCHORS = { letter: 'ua-letter', post: 'ua-post', call: 'ua-call' } as const;
export type ChannelName = keyof typeof CHANNEL_ANCHORS;

/** The consent sentence of the join form, exactly as shown, and its hash. */
export function networkWording(siteName: string, language = 'en'): Wording {
  return wordingOf(t('network.consent', { site: siteName }), language);
}

/** The words of the button that stops hearing about one urgent action (kept with the withdrawal). */
export function stopWording(language = 'en'): Wording {
  return wordingOf(t('network.stop.button'), language);
}

function wordingOf(text: string, language: string): Wording {
  return { language, text, hash: createHash('sha256').update(text, 'utf8').digest('hex') };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function networkFollows(values: readonly string[]): NetworkFollow[] {
  const seen = new Map<string, NetworkFollow>();
  for (const v of values) {
    const f: Follow | null = parseFollowValue(v);
    if (f && (NETWORK_FOLLOW_KINDS as readonly string[]).includes(f.kind)) seen.set(v, f as NetworkFollow);
  }
  return [...seen.values()];
}

/** The network's choices, as the join form and the preference centre send them. */
function choiceFields() {
  return {
    language: z.enum(
      LANGUAGES.map((l) => l.code),
      t('subscribe.error.language'),
    ),
    cap: z.coerce
      .number(t('network.error.cap'))
      .int(t('network.error.cap'))
      .refine((n) => (WEEKLY_CAPS as readonly number[]).includes(n), t('network.error.cap')),
    follow: z
      .array(z.string())
      .max(1000, t('network.error.follow'))
      .transform(networkFollows)
      .refine((follows) => follows.length > 0, t('network.error.follow')),
  };
}

export function joinFormSchema() {
  return z.object({
    email: z
      .string()
      .trim()
      .max(254)
      .refine((v) => !CONTROL.test(v), t('subscribe.error.email'))
      .pipe(z.email(t('subscribe.error.email')))
      .transform(normaliseEmail),
    ...choiceFields(),
    consent: z.literal('yes', t('network.error.consent')),
    wording: z.string().regex(/^[0-9a-f]{64}$/, t('subscribe.error.wording')),
    source_page: z.string().max(500).transform(sourcePage),
  });
}

/** The preference centre's network form: the same choices, for a known address. */
export function networkChoicesSchema() {
  return z.object({ ...choiceFields(), wording: z.string().regex(/^[0-9a-f]{64}$/) });
}

export type JoinForm = z.output<ReturnType<typeof joinFormSchema>>;
export type NetworkChoices = Pick<JoinForm, 'language' | 'cap' | 'follow'>;
export const NETWORK_FORM_LISTS = ['follow'] as const;
