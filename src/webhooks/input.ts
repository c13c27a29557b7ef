import { z } from 'zod';
import { WEBHOOK_EVENT_KINDS } from '../platform/db/index.js';
import { t } from '../platform/i18n/index.js';
import { checkEndpointUrl, type UrlProblem } from './rules.js';

const URL_ERRORS: Record<UrlProblem, Parameters<typeof t>[0]> = {
  invalid: 'webhooks.error.url',
  scheme: 'webhooks.error.scheme',
  credentials: 'webhooks.error.credentials',
  private: 'webhooks.error.private',
};

/** The add form, as readForm reads it: each rule has its message beside its field. */
export const endpointForm = z.object({
  url: z
    .string()
    .trim()
    .max(2000)
    .superRefine((value, ctx) => {
      const checked = checkEndpointUrl(value);
      if (!checked.ok) ctx.addIssue({ code: 'custom', message: t(URL_ERRORS[checked.problem]) });
    }),
  description: z.string().trim().max(200),
  events: z
    .array(z.enum(WEBHOOK_EVENT_KINDS, t('webhooks.error.events')), t('webhooks.error.events'))
    .min(1, t('webhooks.error.events'))
    .max(WEBHOOK_EVENT_KINDS.length)
    .transform((events) => [...new Set(events)]),
  include_emails: z.enum(['', '1']),
});

export const ENDPOINT_LISTS = ['events'] as const;

export const activeForm = z.object({ active: z.enum(['0', '1']) });

export const resendForm = z.object({
  delivery: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number),
});
