import type { Kysely } from 'kysely';
import { inTransaction } from '../../platform/db/errors.js';
import type { Database, Db } from '../../platform/db/index.js';
import {
  type BounceRef,
  type BounceSettings,
  type DsnRecipient,
  NotAReport,
  parseDeliveryReport,
  severityOf,
  tokenInAddress,
  verifyBounceToken,
} from '../../platform/mail/bounce.js';

/*
 * Reports of mail that bounced after the relay took it: a letter to an official (its delivery
 * status becomes `bounced`, which the campaigner's impact page shows per target) or a mail to a
 * supporter (a confirmation or data link: a hard bounce stops all mail to the address, a soft one
 * is only recorded). The report finds its message by the signed token in the envelope sender the
 * message went with (`platform/mail/bounce.ts`); a forged or unknown one changes nothing.
 */

/** What the letters and supporters' mails name themselves as, in their bounce tokens. */
export const BOUNCE_KINDS = { letter: 'l', supporter: 's' } as const;

export const letterBounce = (id: number): BounceRef => ({ kind: BOUNCE_KINDS.letter, id });
export const supporterBounce = (id: number): BounceRef => ({ kind: BOUNCE_KINDS.supporter, id });

export interface BounceDeps {
  db: Db;
  now: () => Date;
  /** The keys the tokens are signed with (the mailer's). */
  keys: BounceSettings['keys'];
  /**
   * Told, in the transaction that records it, of a supporter's address that bounced for good:
   * where the subscriptions room's suppression list hooks in (composed in app.ts and main.ts), so
   * alerts and the network stop mailing it too.
   */
  onHardBounce?: (trx: Kysely<Database>, email: string, note: string, at: Date) => Promise<void>;
}

export type BounceOutcome =
  | {
      ok: true;
      /** What the report was about, and what it did. */
      about: 'letter' | 'supporter';
      id: number;
      severity: 'hard' | 'soft' | null;
      /** letter: bounced (or already was); supporter: no more mail; recorded: kept only; ignored: no failure. */
      effect: 'bounced' | 'suppressed' | 'recorded' | 'ignored';
      status: string;
    }
  | {
      ok: false;
      /** unreadable: not a report; no-token: no address of ours; forged; unknown: no such message; other-address. */
      reason: 'unreadable' | 'no-token' | 'forged' | 'unknown' | 'other-address';
      message: string;
    };

/**
 * The report's part about the message's addressee, by Final- or Original-Recipient: a report
 * about some other address is no evidence about this message, whatever token it came under.
 */
/** A report's line about one letter or one supporter, in the bounce's own transaction. */
async function insertBounce(
  trx: Kysely<Database>,
  about: { letter_id: number | null; supporter_id: number | null },
  severity: 'hard' | 'soft',
  part: DsnRecipient,
  reportId: string,
  at: string,
): Promise<void> {
  await trx
    .insertInto('ua_bounces')
    .values({
      ...about,
      severity,
      status: part.status,
      diagnostic: part.diagnostic,
      report_id: reportId.slice(0, 300),
      received_at: at,
    })
    .execute();
}

function partAbout(recipients: DsnRecipient[], address: string): DsnRecipient | undefined {
  const a = address.toLowerCase();
  return recipients.find((r) => r.finalRecipient === a || r.originalRecipient === a);
}

/**
 * Reads one report and records it. `recipient`: the address the mail system delivered it to, when
 * it says so apart from the message (a pipe's argument); else the report's own headers tell.
 */
export async function recordBounce(
  deps: BounceDeps,
  raw: Buffer | string,
  recipient?: string,
): Promise<BounceOutcome> {
  let report: Awaited<ReturnType<typeof parseDeliveryReport>>;
  try {
    report = await parseDeliveryReport(raw);
  } catch (err) {
    if (err instanceof NotAReport) return { ok: false, reason: 'unreadable', message: err.message };
    throw err;
  }
  // The first address of ours decides: the mail system's own headers come before the report's To.
  const token = [recipient ?? '', ...report.addressedTo].map(tokenInAddress).find((t) => t !== null);
  if (!token)
    return {
      ok: false,
      reason: 'no-token',
      message: 'the report is not addressed to a bounce address of Candle (local+token@domain)',
    };
  const checked = verifyBounceToken(deps.keys, token);
  if (!checked.ok)
    return { ok: false, reason: 'forged', message: `the bounce token ${token} was not signed by this site` };
  const { kind, id } = checked.ref;
  const at = deps.now().toISOString();

  if (kind === BOUNCE_KINDS.letter) {
    const letter = await deps.db
      .selectFrom('ua_letters as l')
      .innerJoin('ua_targets as t', 't.id', 'l.target_id')
      .select(['l.id', 'l.status', 't.email'])
      .where('l.id', '=', id)
      .executeTakeFirst();
    if (!letter) return { ok: false, reason: 'unknown', message: `no letter ${id} (deleted since?)` };
    const part = partAbout(report.recipients, letter.email);
    if (!part)
      return {
        ok: false,
        reason: 'other-address',
        message: `the report is not about letter ${id}'s official`,
      };
    const severity = severityOf(part);
    if (!severity) return { ok: true, about: 'letter', id, severity, effect: 'ignored', status: part.status };
    await inTransaction(deps.db, async (trx) => {
      await insertBounce(trx, { letter_id: id, supporter_id: null }, severity, part, report.messageId, at);
      // Only a letter that went can have bounced; a resend under way is told by its own report.
      if (severity === 'hard')
        await trx
          .updateTable('ua_letters')
          .set({
            status: 'bounced',
            claimed_until: null,
            error: `bounced: ${part.status} ${part.diagnostic}`.slice(0, 500),
          })
          .where('id', '=', id)
          .where('status', 'in', ['sent', 'sending'])
          .execute();
    });
    return {
      ok: true,
      about: 'letter',
      id,
      severity,
      effect: severity === 'hard' ? 'bounced' : 'recorded',
      status: part.status,
    };
  }

  if (kind === BOUNCE_KINDS.supporter) {
    const supporter = await deps.db
      .selectFrom('ua_supporters')
      .select(['id', 'email'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!supporter) return { ok: false, reason: 'unknown', message: `no supporter ${id} (erased since?)` };
    const part = partAbout(report.recipients, supporter.email);
    if (!part)
      return {
        ok: false,
        reason: 'other-address',
        message: `the report is not about supporter ${id}'s address`,
      };
    const severity = severityOf(part);
    if (!severity)
      return { ok: true, about: 'supporter', id, severity, effect: 'ignored', status: part.status };
    await inTransaction(deps.db, async (trx) => {
      await insertBounce(trx, { letter_id: null, supporter_id: id }, severity, part, report.messageId, at);
      if (severity === 'hard') {
        await trx
          .updateTable('ua_supporters')
          .set({ bounced_at: at, updated_at: at })
          .where('id', '=', id)
          .where('bounced_at', 'is', null)
          .execute();
        await deps.onHardBounce?.(
          trx,
          supporter.email,
          `${part.status} ${part.diagnostic}`.slice(0, 500),
          deps.now(),
        );
      }
    });
    return {
      ok: true,
      about: 'supporter',
      id,
      severity,
      effect: severity === 'hard' ? 'suppressed' : 'recorded',
      status: part.status,
    };
  }
  return {
    ok: false,
    reason: 'unknown',
    message: `the token names no kind of message Candle sends (${kind})`,
  };
}

/** One line for the operator (the command) or the relay (the endpoint). */
export function describeOutcome(o: BounceOutcome): string {
  if (!o.ok) return `refused: ${o.message}; nothing recorded`;
  const what = `${o.about} ${o.id}`;
  switch (o.effect) {
    case 'bounced':
      return `${what}: bounced for good (${o.status}); its delivery status is now bounced`;
    case 'suppressed':
      return `${what}: the address bounced for good (${o.status}); nothing more will be mailed to it`;
    case 'recorded':
      return `${what}: a temporary failure (${o.status}), recorded only`;
    case 'ignored':
      return `${what}: the report is not of a failure (${o.status}); nothing recorded`;
  }
}
