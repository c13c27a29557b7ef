import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RateLimiter } from '../platform/http/rate-limit.js';
import { t } from '../platform/i18n/index.js';
import { readForm } from '../platform/views/forms.js';
import type { Site } from '../platform/views/site.js';
import { type ChannelsView, channelsView, whoOf } from './channels.js';
import { idParams } from './input.js';
import { letterFilename, letterPdf, templateFor } from './letter-pdf.js';
import { isPublicAction } from './newsroom.js';
import type { ActionsDeps } from './service.js';
import { mastodonHref, readInstance } from './share-links.js';
import { actionView, type UaView } from './view.js';
import { letterRefusedPage, mastodonOnwardPage, mastodonRefusedPage, noticePage } from './views/channels.js';

/*
 * The routes of the letter and post channels: the printable letter (POST, so the name typed is in
 * no address, log or history; nothing is stored) and the way on to the Mastodon server a supporter
 * names. Never cached: each answer is one person's. Counting is the intake's.
 */

export interface ChannelRoutesDeps extends Pick<ActionsDeps, 'db' | 'newsroom' | 'now'> {
  site: Site;
}

/** A line a person types: no control characters (no header or layout tricks), within a length. */
const line = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .refine((v) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(v), message);

const letterForm = z.object({
  target: z
    .string()
    .regex(/^\d{1,9}$/, t('letter.error.target'))
    .transform(Number),
  name: line(100, t('letter.error.name')).refine((v) => v !== '', t('letter.error.name')),
  city: line(100, t('letter.error.place')),
  country: line(100, t('letter.error.place')),
});

const mastodonForm = z.object({ instance: z.string().max(300) });

function sendHtml(reply: FastifyReply, html: string, status: number) {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(html);
}

type Found = { view: UaView; channels: ChannelsView };

/** The published urgent action of the address, with its channels; or the answer already sent. */
async function findOpen(
  deps: ChannelRoutesDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  closedText: { title: string; text: string },
): Promise<Found | null> {
  const params = idParams.safeParse(request.params);
  const now = deps.now();
  const [article] = params.success ? await deps.newsroom.articles([params.data.id]) : [];
  const view = isPublicAction(article, now) ? await actionView(deps, article.id, true) : null;
  if (!view) {
    sendHtml(reply, noticePage(deps.site, t('letter.unknownTitle'), t('letter.unknown'), null), 404);
    return null;
  }
  const channels = channelsView(view, { publicUrl: deps.site.publicUrl, now });
  if (!channels.open) {
    sendHtml(reply, noticePage(deps.site, closedText.title, closedText.text, view.path), 409);
    return null;
  }
  return { view, channels };
}

/**
 * Letters one client address may ask for in a window: a PDF costs tens of milliseconds of this
 * process's time, so a loop of requests must not take it from everyone else; a person prints a
 * handful.
 */
const LETTERS_PER_CLIENT = 30;
const LETTER_WINDOW_MS = 10 * 60_000;

export function actionChannelRoutes(app: FastifyInstance, deps: ChannelRoutesDeps): void {
  const printing = new RateLimiter(LETTERS_PER_CLIENT, LETTER_WINDOW_MS);
  app.post('/actions/:id/letter', async (request, reply) => {
    const found = await findOpen(deps, request, reply, {
      title: t('letter.closedTitle'),
      text: t('letter.closed'),
    });
    if (!found) return reply;
    const { view, channels } = found;
    // Every request counts, refused or not: a loop of either costs the others their time.
    if (!printing.take(request.ip, deps.now().getTime())) {
      return sendHtml(
        reply,
        noticePage(deps.site, t('letter.tooManyTitle'), t('letter.tooMany'), view.path),
        429,
      );
    }
    const letter = channels.letter;
    const form = readForm(letterForm, request.body);
    const recipient = form.data
      ? letter?.recipients.find((r) => r.target.id === form.data!.target)
      : undefined;
    if (!letter || (form.data && !recipient)) {
      return sendHtml(
        reply,
        noticePage(deps.site, t('letter.unknownTitle'), t('letter.unknown'), view.path),
        404,
      );
    }
    if (!form.data || !recipient) {
      return sendHtml(reply, letterRefusedPage(deps.site, view, letter, form.fields, form.errors), 400);
    }
    const target = recipient.target;
    const pdf = await letterPdf({
      reference: view.reference,
      target: {
        name: whoOf(target),
        title: target.title,
        body: target.body,
        postalAddress: target.postalAddress,
        salutation: target.salutation,
        language: target.language,
        timeZone: target.timeZone,
        countryCode: target.countryCode,
      },
      // Each official gets the letter in their own language (a copy's may differ from the target's).
      template: templateFor(view.letters, target.language) ?? letter.sample,
      supporter: { name: form.data.name, city: form.data.city, country: form.data.country },
      now: deps.now(),
    });
    return reply
      .code(200)
      .header('content-type', 'application/pdf')
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${letterFilename(view.reference, target.name)}"`)
      .send(pdf);
  });

  app.post('/actions/:id/mastodon', async (request, reply) => {
    const found = await findOpen(deps, request, reply, {
      title: t('letter.closedTitle'),
      text: t('channels.closed'),
    });
    if (!found) return reply;
    const { view, channels } = found;
    const form = readForm(mastodonForm, request.body);
    const typed = form.data?.instance ?? '';
    const instance = readInstance(typed);
    if (!instance) {
      return sendHtml(reply, mastodonRefusedPage(deps.site, view, typed), 400);
    }
    const href = mastodonHref(instance, channels.post.texts.mastodon);
    return sendHtml(reply, mastodonOnwardPage(deps.site, instance, href), 200);
  });
}
