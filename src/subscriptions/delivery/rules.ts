import type { Follow } from '../rules.js';

/** Recipients a fan-out job takes at once; each batch becomes one send job. */
export const BATCH_SIZE = 500;
/** Tries per recipient; after the last, their message is dead and shown in the admin. */
export const MAX_ATTEMPTS = 5;
/** How long a claimed recipient is left to the worker that claimed it before another may retry. */
export const CLAIM_MS = 2 * 60_000;
/**
 * A send job stops after this long and queues its continuation, so it never outlives the job
 * queue's lease (five minutes) and another worker never runs the same job beside it.
 */
export const SEND_BUDGET_MS = 60_000;
/** The per-domain limit counts messages in fixed windows of this length. */
export const RATE_WINDOW_MS = 60_000;

/**
 * The lead picture an alert shows: the site's 1200 × 630 JPEG share copy (a path on the site)
 * with its alt text, caption and credit as the media room keeps them.
 */
export interface AlertPicture {
  share: string;
  alt: string;
  caption: string;
  credit: string;
}

/** What the newsroom says of an item when it goes out (structurally the newsroom's PublishedItem). */
export interface AlertItem {
  articleId: number;
  /** The item's type (`urgent-action`, …): the message shows its label. */
  type?: string;
  /** The language the item is written in, when stated. */
  language?: string | null;
  title: string;
  summary: string;
  path: string;
  publishedAt: string;
  image?: AlertPicture | null;
  countries: readonly number[];
  regions: readonly number[];
  topics: readonly number[];
  cases: readonly number[];
}

/** Whether an item is public now; an alert stops when its item is withdrawn (given in app.ts). */
export interface PublicItems {
  isPublic(articleId: number, now: Date): Promise<boolean>;
}

/**
 * The follows an item answers: everything, and each of its countries, their regions, its topics
 * and its cases, each once. A subscriber matches if they hold any of them, and gets one message
 * however many they hold.
 */
export function followsMatching(item: AlertItem): Follow[] {
  const out: Follow[] = [{ kind: 'everything', targetId: 0 }];
  const add = (kind: Follow['kind'], ids: readonly number[]) => {
    for (const id of new Set(ids)) out.push({ kind, targetId: id });
  };
  add('country', item.countries);
  add('region', item.regions);
  add('topic', item.topics);
  add('case', item.cases);
  return out;
}

/**
 * When a refused recipient is tried again: after 1 minute, 5 minutes, 30 minutes and 2 hours, so a
 * server that greylists (answers 451 to a first try) or is full for a while still gets the
 * message; the fifth refusal, about two and a half hours on, is final.
 */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000] as const;

export function retryAt(attempts: number, now: Date): Date {
  const delay = RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length) - 1] ?? RETRY_DELAYS_MS[0];
  return new Date(now.getTime() + delay);
}

/** While the mail server cannot be reached, a batch waits this long and tries again. */
export const OUTAGE_WAIT_MS = 30_000;

/**
 * Why a send was not made because its address is on the suppression list, as the send log keeps
 * it (`last_error` of a `cancelled` row): "suppressed: bounce". The admin reads the reason back
 * (`suppressedReasonOf`) to say it in words.
 */
export const SUPPRESSED_PREFIX = 'suppressed: ';
export const suppressedWhy = (reason: string) => `${SUPPRESSED_PREFIX}${reason}`;
export function suppressedReasonOf(why: string | null): string | null {
  return why?.startsWith(SUPPRESSED_PREFIX) ? why.slice(SUPPRESSED_PREFIX.length) : null;
}

/**
 * Whose failure a send error is. The server answered about this message (an SMTP reply code, 4xx
 * or 5xx, such as 550 "no such mailbox"): the recipient's, counted as one of their tries. Anything
 * else (no connection, a timeout, a TLS or login failure, the outbox's database): the server's,
 * and an outage must lose nothing, so it costs the recipient no try and the batch waits.
 */
export function failureOf(err: unknown): 'recipient' | 'server' {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 400 && code < 600 ? 'recipient' : 'server';
}

/** The domain a message is delivered to, as the limit counts it (lower case, after the last @). */
export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** The fixed window a moment falls in: its start (counted under) and its end (when to try again). */
export function rateWindow(now: Date): { start: Date; end: Date } {
  const start = Math.floor(now.getTime() / RATE_WINDOW_MS) * RATE_WINDOW_MS;
  return { start: new Date(start), end: new Date(start + RATE_WINDOW_MS) };
}
