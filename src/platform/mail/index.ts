import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Transporter } from 'nodemailer';
import type { Database } from '../db/index.js';
import { enqueue } from '../jobs/index.js';
import { type BounceRef, type BounceSettings, bounceAddress } from './bounce.js';
import type { DkimSettings } from './dkim.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /**
   * What the message is, for its bounces: with BOUNCE_ADDRESS set, it goes with an envelope
   * sender of its own naming it (`bounce.ts`), so a later report finds it. Unset: the From.
   */
  bounce?: BounceRef;
}

export interface QueuedMail extends MailMessage {
  messageId: string;
  /** RFC 2369 / 8058 list headers (List-Unsubscribe, List-Unsubscribe-Post), when there are any. */
  listHeaders?: Record<string, string>;
  /** Where a reply goes when it is not Candle: a supporter's letter to an official. */
  replyTo?: string;
}

/** Where mail goes: the embedded outbox (an admin page shows it) or an SMTP server. */
export interface Mailer {
  send(message: QueuedMail): Promise<void>;
  /** How many messages may be in flight at once: the SMTP pool's connections, 1 for the outbox. */
  readonly concurrency: number;
  /** Lets go of open connections (the SMTP pool) when the app closes. */
  close(): Promise<void>;
}

export const MAIL_JOB = 'mail.send';

/**
 * Queues a message in the caller's transaction; the worker delivers it, at most once per message
 * id. `once`: a key under which only the first message is ever queued (one link an hour per
 * address, say), so a burst of requests mails nobody twice.
 */
export async function queueMail(
  db: Kysely<Database>,
  message: MailMessage,
  now: Date,
  options: { once?: string } = {},
): Promise<string> {
  const messageId = `${randomUUID()}@candle`;
  await enqueue(
    db,
    {
      kind: MAIL_JOB,
      payload: { ...message, messageId },
      idempotencyKey: options.once ? `mail:once:${options.once}` : `mail:${messageId}`,
    },
    now,
  );
  return messageId;
}

export function outboxMailer(db: Kysely<Database>, now: () => Date): Mailer {
  return {
    concurrency: 1,
    async send(message) {
      await db
        .insertInto('mail_outbox')
        .values({
          message_id: message.messageId,
          to_address: message.to,
          subject: message.subject,
          text_body: message.text,
          html_body: message.html ?? '',
          reply_to: message.replyTo ?? '',
          created_at: now().toISOString(),
        })
        .onConflict((oc) => oc.column('message_id').doNothing())
        .execute();
    },
    async close() {},
  };
}

export interface SmtpOptions {
  /** Connections kept open to the server and reused (nodemailer's pool); 1 sends one at a time. */
  maxConnections?: number;
  /** Signs every message (nodemailer's `dkim` option) so receivers can tell it came from the domain. */
  dkim?: DkimSettings;
  /** Where a message that names itself (`bounce`) has its bounces sent: its own envelope sender. */
  bounces?: BounceSettings;
}

/**
 * Mail through an SMTP server, over a pool of connections opened on first use and reused: an alert
 * to thousands of subscribers would otherwise open a connection (and a TLS handshake) per message.
 */
export function smtpMailer(url: string, from: string, options: SmtpOptions = {}): Mailer {
  let transport: Transporter | undefined;
  const maxConnections = options.maxConnections ?? 5;
  return {
    concurrency: maxConnections,
    async send(message) {
      transport ??= (await import('nodemailer')).default.createTransport({
        url,
        pool: true,
        maxConnections,
        ...(options.dkim ? { dkim: options.dkim } : {}),
      });
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        messageId: `<${message.messageId}>`,
        headers: message.listHeaders,
        // MAIL FROM, which the receiving system turns into Return-Path and reports go back to.
        ...(message.bounce && options.bounces
          ? { envelope: { from: bounceAddress(options.bounces, message.bounce), to: message.to } }
          : {}),
      });
    },
    async close() {
      transport?.close();
      transport = undefined;
    },
  };
}

export function mailJobHandler(mailer: Mailer) {
  return async (payload: unknown) => mailer.send(payload as QueuedMail);
}
