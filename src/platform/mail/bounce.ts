import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ParsedMail } from 'mailparser';

/*
 * Asynchronous bounces. A relay that accepts a message and fails to deliver it later sends a
 * delivery status notification (RFC 3464: multipart/report with a message/delivery-status part)
 * to the message's envelope sender, not to its From. Candle gives each message that may bounce an
 * envelope sender of its own, VERP-style: `bounces+<token>@domain`, the token naming the message
 * (what it is and its id) and signed, so a report names what it is about and nobody can make one
 * up for a message of their choosing.
 */

/** What a message is, as its bounce token names it: `kind` in lowercase letters, the row's id. */
export interface BounceRef {
  kind: string;
  id: number;
}

/** Where bounces go: `bounces@example.org` (BOUNCE_ADDRESS) and the keys that sign the tokens. */
export interface BounceSettings {
  address: string;
  /** The first signs; the others are still accepted (a key being rotated out). */
  keys: readonly [string, ...string[]];
}

const MAC_CHARS = 20;
const TOKEN = /^([a-z]{1,12})([1-9]\d{0,14})-([0-9a-f]{20})$/;
/** Lowercase only: some relays lowercase the whole address on the way back. */
const KIND = /^[a-z]{1,12}$/;

function mac(key: string, kind: string, id: number): string {
  return createHmac('sha256', key).update(`bounce\n${kind}\n${id}`).digest('hex').slice(0, MAC_CHARS);
}

export function bounceToken(keys: BounceSettings['keys'], ref: BounceRef): string {
  if (!KIND.test(ref.kind) || !Number.isSafeInteger(ref.id) || ref.id < 1)
    throw new Error(`not a bounce reference: ${ref.kind} ${ref.id}`);
  return `${ref.kind}${ref.id}-${mac(keys[0], ref.kind, ref.id)}`;
}

/** `bounces@example.org` and a message's token: `bounces+l12-…@example.org`, its envelope sender. */
export function bounceAddress(settings: BounceSettings, ref: BounceRef): string {
  const at = settings.address.lastIndexOf('@');
  return `${settings.address.slice(0, at)}+${bounceToken(settings.keys, ref)}${settings.address.slice(at)}`;
}

export type TokenCheck = { ok: true; ref: BounceRef } | { ok: false; reason: 'forged' };

/** Whether a token was signed by Candle; a forged one learns nothing else. */
export function verifyBounceToken(keys: BounceSettings['keys'], token: string): TokenCheck {
  const m = TOKEN.exec(token.toLowerCase());
  if (!m) return { ok: false, reason: 'forged' };
  const ref = { kind: m[1] as string, id: Number(m[2]) };
  const sent = Buffer.from(m[3] as string);
  const genuine = keys.some((key) => {
    const expected = Buffer.from(mac(key, ref.kind, ref.id));
    return expected.length === sent.length && timingSafeEqual(expected, sent);
  });
  return genuine ? { ok: true, ref } : { ok: false, reason: 'forged' };
}

/** The token in an address `local+token@domain`, if it has the shape of one. */
export function tokenInAddress(address: string): string | null {
  const m = /^[^@+\s]+\+([^@\s]+)@[^@\s]+$/.exec(address.trim().replace(/^<|>$/g, ''));
  return m && TOKEN.test((m[1] as string).toLowerCase()) ? (m[1] as string).toLowerCase() : null;
}

/** One recipient's part of a report (RFC 3464 §2.3). */
export interface DsnRecipient {
  /** The address the report is about, without its type ("rfc822;"). */
  finalRecipient: string;
  originalRecipient: string;
  /** failed, delayed, delivered, relayed, expanded. */
  action: string;
  /** The enhanced status code (RFC 3463), "5.1.1". */
  status: string;
  diagnostic: string;
}

export interface DeliveryReport {
  /** The report's addressees as the mail system tells them, the likeliest first. */
  addressedTo: string[];
  recipients: DsnRecipient[];
  /** The report's own Message-ID, when it has one. */
  messageId: string;
}

export class NotAReport extends Error {}

/** Header-like fields in blocks separated by blank lines, continuation lines folded in. */
function fieldBlocks(text: string): Array<Map<string, string>> {
  const blocks: Array<Map<string, string>> = [];
  let current = new Map<string, string>();
  let last: string | null = null;
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (line.trim() === '') {
      if (current.size) blocks.push(current);
      current = new Map();
      last = null;
    } else if (/^[ \t]/.test(line) && last) {
      current.set(last, `${current.get(last)} ${line.trim()}`);
    } else {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      last = line.slice(0, colon).trim().toLowerCase();
      current.set(last, line.slice(colon + 1).trim());
    }
  }
  if (current.size) blocks.push(current);
  return blocks;
}

/** "rfc822; jane@example.org" → "jane@example.org". */
const addressOf = (field: string | undefined) =>
  (field ?? '')
    .replace(/^[^;]*;/, '')
    .trim()
    .replace(/^<|>$/g, '')
    .toLowerCase();

function addressesOf(parsed: ParsedMail, header: string): string[] {
  const value = parsed.headers.get(header);
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((v) => {
    if (typeof v === 'string') return [v.trim()];
    if (v && typeof v === 'object' && 'value' in v)
      return (v.value as Array<{ address?: string }>).map((a) => a.address ?? '').filter(Boolean);
    return [];
  });
}

/**
 * Reads a delivery status notification. Its addressees: Delivered-To and X-Original-To (written
 * by the mail system that delivered it to us), then To (the DSN's author addresses it to the
 * envelope sender). Not a multipart/report of delivery status: NotAReport.
 */
export async function parseDeliveryReport(raw: Buffer | string): Promise<DeliveryReport> {
  // Loaded when a report comes, not at every start (like nodemailer: scripts/build.mjs).
  const { simpleParser } = await import('mailparser');
  const parsed = await simpleParser(raw, { keepDeliveryStatus: true, skipHtmlToText: true });
  const status = parsed.attachments.find((a) =>
    ['message/delivery-status', 'message/global-delivery-status'].includes(a.contentType.toLowerCase()),
  );
  if (!status) throw new NotAReport('not a delivery status notification (RFC 3464 multipart/report)');
  // The first block is the report's own (Reporting-MTA); each recipient's has a Final-Recipient.
  const recipients = fieldBlocks(status.content.toString('utf8'))
    .filter((b) => b.has('final-recipient') && b.has('action') && b.has('status'))
    .map((b) => ({
      finalRecipient: addressOf(b.get('final-recipient')),
      originalRecipient: addressOf(b.get('original-recipient')),
      action: (b.get('action') ?? '').toLowerCase().split(/\s/)[0] as string,
      status: /^\d\.\d{1,3}\.\d{1,3}/.exec(b.get('status') ?? '')?.[0] ?? '',
      diagnostic: (b.get('diagnostic-code') ?? '').replace(/^[^;]*;\s*/, '').slice(0, 500),
    }))
    .filter((r) => r.status !== '');
  if (recipients.length === 0) throw new NotAReport('the delivery status names no recipient with a status');
  return {
    addressedTo: ['delivered-to', 'x-original-to', 'envelope-to', 'to'].flatMap((h) =>
      addressesOf(parsed, h),
    ),
    recipients,
    messageId: parsed.messageId ?? '',
  };
}

/** Hard: the address does not take mail (5.x.x, failed); soft: not now (4.x.x); else no failure. */
export function severityOf(r: DsnRecipient): 'hard' | 'soft' | null {
  if (r.status.startsWith('5.') && r.action === 'failed') return 'hard';
  if (r.status.startsWith('4.') && (r.action === 'failed' || r.action === 'delayed')) return 'soft';
  return null;
}
