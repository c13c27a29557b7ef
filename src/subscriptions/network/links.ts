import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LinkKeys } from '../links.js';
import { DAY_MS } from '../rules.js';

/**
 * The signed "stop hearing about this urgent action" link of an update to a supporter:
 * `<supporter>.<series>.<expiry>.<HMAC>`, the HMAC over the supporter's id and address, the
 * series and the expiry, under the subscribers' link keys (a purpose of its own, so it opens
 * nothing else). Nothing is stored; a supporter who was deleted opens nothing.
 */
const STOP_DAYS = 180;
const FORMAT = /^([1-9]\d{0,14})\.([1-9]\d{0,14})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

function mac(key: string, supporterId: number, seriesId: number, expiry: number, email: string) {
  return createHmac('sha256', key)
    .update(`candle-hear-back-stop\n${supporterId}\n${seriesId}\n${expiry}\n${email}`)
    .digest('base64url');
}

export function signStopLink(
  keys: LinkKeys,
  supporter: { id: number; email: string },
  seriesId: number,
  now: Date,
): string {
  const expiry = Math.floor(now.getTime() / 1000) + (STOP_DAYS * DAY_MS) / 1000;
  return `${supporter.id}.${seriesId}.${expiry}.${mac(keys[0], supporter.id, seriesId, expiry, supporter.email)}`;
}

/** Who and which series a link names, if well formed: what to load before `verifyStopLink`. */
export function stopLinkParts(link: string): { supporterId: number; seriesId: number } | null {
  const m = FORMAT.exec(link);
  return m ? { supporterId: Number(m[1]), seriesId: Number(m[2]) } : null;
}

export function verifyStopLink(
  keys: LinkKeys,
  link: string,
  supporter: { id: number; email: string } | undefined,
  now: Date,
): boolean {
  const m = FORMAT.exec(link);
  if (!m || !supporter || Number(m[1]) !== supporter.id) return false;
  const seriesId = Number(m[2]);
  const expiry = Number(m[3]);
  const sent = Buffer.from(m[4] as string);
  const genuine = keys.some((key) => {
    const expected = Buffer.from(mac(key, supporter.id, seriesId, expiry, supporter.email));
    return expected.length === sent.length && timingSafeEqual(expected, sent);
  });
  return genuine && expiry * 1000 >= now.getTime();
}

export const STOP_PATH = '/network/stop/';
