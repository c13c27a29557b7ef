import { z } from 'zod';
import { LEDGER_VISIBILITIES, OUTCOME_KINDS, REPLY_CHANNELS } from '../../platform/db/index.js';
import { t } from '../../platform/i18n/index.js';
import { isDay } from './rules.js';

/* The ledger's admin forms as zod reads them (with platform's readForm). */

const day = z.string().trim().refine(isDay, t('ledger.error.date'));
const summary = z.string().trim().min(1, t('ledger.error.summary')).max(5000);
const visibility = z.enum(LEDGER_VISIBILITIES, t('ledger.error.visibility'));
/** Describes an image attachment (its alt text); the media library requires it for images. */
const attachmentAlt = z.string().trim().max(500);
const ticked = z.string().transform((v) => v !== '');

export const replyForm = z.object({
  target_id: z
    .string()
    .regex(/^\d{1,9}$/, t('ledger.error.target'))
    .transform(Number),
  received_on: day,
  channel: z.enum(REPLY_CHANNELS, t('ledger.error.channel')),
  summary,
  visibility,
  attachment_alt: attachmentAlt,
  remove_attachment: ticked,
});

export type ReplyForm = z.infer<typeof replyForm>;

export const outcomeForm = z.object({
  kind: z.enum(OUTCOME_KINDS, t('ledger.error.kind')),
  occurred_on: day,
  source: z.string().trim().max(500),
  summary,
  visibility,
  attachment_alt: attachmentAlt,
  remove_attachment: ticked,
});

export type OutcomeForm = z.infer<typeof outcomeForm>;

export const LABELS = {
  target_id: t('ledger.field.target'),
  received_on: t('ledger.field.receivedOn'),
  channel: t('ledger.field.channel'),
  kind: t('ledger.field.kind'),
  occurred_on: t('ledger.field.occurredOn'),
  source: t('ledger.field.source'),
  summary: t('ledger.field.summary'),
  visibility: t('ledger.field.visibility'),
  attachment_alt: t('ledger.field.attachmentAlt'),
};
