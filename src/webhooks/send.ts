import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { addressAllowed, checkEndpointUrl, hostOf } from './rules.js';

/** What one try came to: a 2xx answer, or why not. */
export interface TryResult {
  ok: boolean;
  /** The answer's HTTP status; null when there was none. */
  status: number | null;
  error: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

class RefusedAddress extends Error {}

/**
 * The DNS lookup every connection makes, refusing private and link-local addresses: checked on
 * the very answer the socket connects to, so a name that resolved to a public address when it was
 * saved (or a moment ago) cannot be turned to an internal one by the time of the try (DNS
 * rebinding).
 */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, verbatim: true }, (err, address, family) => {
    if (err) return callback(err, address as string, family);
    const all = Array.isArray(address) ? address : [{ address, family }];
    const bad = all.find((a) => !addressAllowed(a.address));
    if (bad) {
      const refusal = Object.assign(
        new RefusedAddress(`${hostname} resolves to ${bad.address}, a private address`),
        {
          code: 'ECANDLEPRIVATE',
        },
      );
      return callback(refusal, address as string, family);
    }
    callback(null, address as string, family);
  });
};

/**
 * POSTs a body to an endpoint once, within `timeoutMs` for the whole exchange. Redirects are not
 * followed (a 3xx is a failure: following one would let any server send Candle into a private
 * network); the answer's body is not read.
 *
 * node:http rather than fetch: its `lookup` option is what lets every connection's address be
 * checked (above); fetch resolves names where nothing can look.
 */
export function postOnce(
  urlText: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<TryResult> {
  const checked = checkEndpointUrl(urlText);
  if (!checked.ok)
    return Promise.resolve({ ok: false, status: null, error: `address refused (${checked.problem})` });
  const url = checked.url;
  // An address written as such is not looked up: it was checked with the URL above.
  const lookup = isIP(hostOf(url)) === 0 ? guardedLookup : undefined;
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: TryResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        agent: false,
        lookup,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        response.destroy();
        const ok = status >= 200 && status < 300;
        done({ ok, status, error: ok ? '' : `HTTP ${status}` });
      },
    );
    request.on('error', (err: Error & { code?: string }) => {
      const error =
        err.name === 'AbortError' || err.name === 'TimeoutError'
          ? `no answer within ${timeoutMs / 1000} s`
          : err instanceof RefusedAddress
            ? err.message
            : `${err.code ?? err.name}: ${err.message}`;
      done({ ok: false, status: null, error: error.slice(0, 500) });
    });
    request.end(body);
  });
}

/**
 * Whether a name resolves, and only to addresses an endpoint may have: checked when an endpoint is
 * saved, so a mistake is said at once (every try checks again).
 */
export async function resolvesPublicly(
  host: string,
  timeoutMs = 3000,
): Promise<'ok' | 'private' | 'unresolved'> {
  if (isIP(host) !== 0) return addressAllowed(host) ? 'ok' : 'private';
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    const found = await Promise.race([dns.promises.lookup(host, { all: true }).catch(() => null), timeout]);
    if (!found || found.length === 0) return 'unresolved';
    return found.every((a) => addressAllowed(a.address)) ? 'ok' : 'private';
  } finally {
    clearTimeout(timer);
  }
}
