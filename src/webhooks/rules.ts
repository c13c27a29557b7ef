import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';

/*
 * The pure rules of webhooks: how a delivery is signed, when a failed one is tried again, and
 * which addresses an endpoint may have.
 */

/** Waits before the 2nd, 3rd, … 6th try; after the 6th, the delivery is dead. */
export const RETRY_AFTER_MS: readonly number[] = [
  60_000,
  5 * 60_000,
  30 * 60_000,
  2 * 60 * 60_000,
  6 * 60 * 60_000,
];
export const MAX_TRIES = RETRY_AFTER_MS.length + 1;

/** When a delivery that failed its `tries`-th try is tried again, or null: it is dead. */
export function nextTryAt(tries: number, now: Date): Date | null {
  const wait = RETRY_AFTER_MS[tries - 1];
  return wait === undefined ? null : new Date(now.getTime() + wait);
}

/** A new signing secret: 32 random bytes, prefixed so that one pasted somewhere is recognised. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * `X-Candle-Signature`: `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. The timestamp is
 * signed with the body so a captured delivery cannot be replayed later: a receiver refuses a
 * timestamp more than a few minutes from its clock.
 */
export function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** What a receiver does (README, *Webhooks*): the signature matches and the timestamp is recent. */
export function verifySignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  now: Date,
  toleranceSeconds = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || headers.signature === undefined) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signature(secret, timestamp, body));
  const sent = Buffer.from(headers.signature);
  return expected.length === sent.length && timingSafeEqual(expected, sent);
}

/**
 * Addresses no endpoint may reach, loopback aside: private networks, link-local (cloud metadata
 * at 169.254.169.254), carrier-grade NAT, "this network", multicast and reserved ranges. Whoever
 * adds an endpoint must not be able to make Candle's server post into the network it sits in.
 */
const refused = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  refused.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  refused.addSubnet(net, prefix, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** An IPv4 address written as IPv6 (`::ffff:10.0.0.1`) is that IPv4 address. */
function plain(address: string): { address: string; type: 'ipv4' | 'ipv6' } | null {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return { address: mapped[1]!, type: 'ipv4' };
  const version = isIP(address);
  if (version === 0) return null;
  return { address, type: version === 4 ? 'ipv4' : 'ipv6' };
}

export function isLoopbackAddress(address: string): boolean {
  const ip = plain(address);
  return ip !== null && loopback.check(ip.address, ip.type);
}

/** Whether an endpoint may be sent to at this address (an IP, as DNS answered or as written). */
export function addressAllowed(address: string): boolean {
  const ip = plain(address);
  if (!ip) return false;
  if (loopback.check(ip.address, ip.type)) return true;
  return !refused.check(ip.address, ip.type);
}

/** A URL's host without IPv6's brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** `localhost` or a loopback address: a tool on Candle's own machine (or a test). */
export function isLoopbackHost(host: string): boolean {
  return host.toLowerCase() === 'localhost' || isLoopbackAddress(host);
}

export type UrlProblem = 'invalid' | 'scheme' | 'credentials' | 'private';

/**
 * What an endpoint's address must be, before any name is resolved: https (http only to a loopback
 * host, for tools on the same machine), no user or password in it, and, when the host is an
 * address, not a private one. A name is resolved and its addresses checked when it is saved and
 * again at every try (send.ts), since DNS may answer differently by then.
 */
export function checkEndpointUrl(text: string): { ok: true; url: URL } | { ok: false; problem: UrlProblem } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'scheme' };
  const host = hostOf(url);
  if (host === '') return { ok: false, problem: 'invalid' };
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(host)))
    return { ok: false, problem: 'scheme' };
  if (url.username !== '' || url.password !== '') return { ok: false, problem: 'credentials' };
  if (isIP(host) !== 0 && !addressAllowed(host)) return { ok: false, problem: 'private' };
  return { ok: true, url };
}
