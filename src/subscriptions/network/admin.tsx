import { z } from 'zod';
import { AdminLayout, type Staff, sendAdminHtml } from '../../accounts/index.js';
import type { NetworkMessageKind } from '../../platform/db/index.js';
import { formatUtcMinute, t } from '../../platform/i18n/index.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import { suppressionReasonText } from '../delivery/views.js';
import type { Handler } from '../handlers/shared.js';
import { SEND_COLUMNS, type SendColumn, sendColumns } from './impact.js';
import { findMessage, type MessageRow } from './queries.js';
import {
  cappedReasons,
  type MessageSummary,
  messageSummaries,
  type Recipient,
  recipientsIn,
  type SendCounts,
  sendCountsOf,
  suppressedRecipients,
} from './reports.js';

/*
 * The campaigner's view of the network's sends (`/admin/subscribers/network`): per message (a new
 * urgent action to members; an update, closing or success to those who acted) how many it was
 * sent to, how many members their weekly cap held back and why, and whose message failed or
 * died. Sends, not opens: nothing in a message reports back.
 */

export const NETWORK_SENDS_PATH = '/admin/subscribers/network';
const LIST_LIMIT = 100;
const RECIPIENTS_LIMIT = 500;

const kindText = (kind: NetworkMessageKind) => t(`network.sends.kind.${kind}`);

function CountHeads() {
  return (
    <>
      {SEND_COLUMNS.map((c) => (
        <th key={c} scope="col">
          {t(`network.sends.${c}`)}
        </th>
      ))}
    </>
  );
}

function CountCells({ counts }: { counts: SendCounts }) {
  const c: Record<SendColumn, number> = sendColumns(counts);
  return (
    <>
      {SEND_COLUMNS.map((col) => (
        <td key={col}>{c[col]}</td>
      ))}
    </>
  );
}

function sendsPage(site: Site, staff: Staff | null, messages: readonly MessageSummary[]): string {
  return renderDocument(
    <AdminLayout site={site} staff={staff} title={t('network.sends.title')} current={NETWORK_SENDS_PATH}>
      <h1>{t('network.sends.title')}</h1>
      <p>{t('network.sends.intro')}</p>
      <p>
        <a href="/admin/subscribers/alerts">{t('network.sends.toAlerts')}</a>
      </p>
      {messages.length === 0 ? (
        <p role="status">{t('network.sends.none')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('network.sends.message')}</th>
              <th scope="col">{t('network.sends.kind')}</th>
              <th scope="col">{t('network.sends.published')}</th>
              <CountHeads />
            </tr>
          </thead>
          <tbody>
            {messages.map(({ message, counts }) => (
              <tr key={message.id}>
                <td>
                  <a href={`${NETWORK_SENDS_PATH}/${message.id}`}>
                    {message.reference ? `${message.reference}: ${message.title}` : message.title}
                  </a>
                </td>
                <td>{kindText(message.kind)}</td>
                <td>
                  <time dateTime={message.published_at}>{formatUtcMinute(message.published_at)}</time>
                </td>
                <CountCells counts={counts} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>,
  );
}

function Recipients(props: { id: string; title: string; none: string; rows: readonly Recipient[] }) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.rows.length === 0 ? (
        <p>{props.none}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('delivery.email')}</th>
              <th scope="col">{t('network.sends.state')}</th>
              <th scope="col">{t('delivery.attempts')}</th>
              <th scope="col">{t('network.sends.why')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={`${r.status}:${r.email}`}>
                <td>{r.email}</td>
                <td>
                  {t(
                    `network.sends.${r.status === 'capped' ? 'capped' : r.status === 'dead' ? 'dead' : 'failed'}`,
                  )}
                </td>
                <td>{r.attempts}</td>
                <td>
                  <code>{r.error}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface SendPage {
  message: MessageRow;
  counts: SendCounts;
  reasons: Array<{ reason: string; count: number }>;
  capped: Recipient[];
  refused: Recipient[];
  suppressed: Array<{ email: string; reason: string }>;
}

/** Those not mailed because their address is on the suppression list, and the list's reason. */
function Suppressed({ rows }: { rows: SendPage['suppressed'] }) {
  return (
    <section aria-labelledby="network-suppressed">
      <h2 id="network-suppressed">{t('network.sends.suppressedTitle')}</h2>
      <p>{t('network.sends.suppressedIntro')}</p>
      {rows.length === 0 ? (
        <p>{t('network.sends.suppressedNone')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('delivery.email')}</th>
              <th scope="col">{t('network.sends.state')}</th>
              <th scope="col">{t('network.sends.why')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.email}>
                <td>{r.email}</td>
                <td>{t('network.sends.skipped')}</td>
                <td>{t('network.sends.suppressedBecause', { reason: suppressionReasonText(r.reason) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function sendPage(site: Site, staff: Staff | null, v: SendPage): string {
  const { message } = v;
  const title = t('network.sends.messageTitle', {
    reference: message.reference || kindText(message.kind),
    title: message.title,
  });
  return renderDocument(
    <AdminLayout site={site} staff={staff} title={title} current={NETWORK_SENDS_PATH}>
      <p>
        <a href={NETWORK_SENDS_PATH}>{t('network.sends.back')}</a>
      </p>
      <h1>{title}</h1>
      <p>
        {kindText(message.kind)}
        {' · '}
        <a href={`/admin/actions/${message.article_id}/impact`}>{t('network.sends.impact')}</a>
      </p>
      {message.withdrawn_at ? (
        <p role="status">{t('delivery.withdrawn', { when: formatUtcMinute(message.withdrawn_at) })}</p>
      ) : null}
      <table class="table">
        <caption>{t('network.sends.countsCaption')}</caption>
        <thead>
          <tr>
            <CountHeads />
          </tr>
        </thead>
        <tbody>
          <tr>
            <CountCells counts={v.counts} />
          </tr>
        </tbody>
      </table>
      <section aria-labelledby="network-capped-reasons">
        <h2 id="network-capped-reasons">{t('network.sends.reasonsTitle')}</h2>
        {v.reasons.length === 0 ? (
          <p>{t('network.sends.reasonsNone')}</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('network.sends.why')}</th>
                <th scope="col">{t('network.sends.members')}</th>
              </tr>
            </thead>
            <tbody>
              {v.reasons.map((r) => (
                <tr key={r.reason}>
                  <td>{r.reason}</td>
                  <td>{r.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <Recipients
        id="network-refused"
        title={t('network.sends.refusedTitle')}
        none={t('network.sends.refusedNone')}
        rows={v.refused}
      />
      <Recipients
        id="network-capped"
        title={t('network.sends.cappedTitle')}
        none={t('network.sends.reasonsNone')}
        rows={v.capped}
      />
      <Suppressed rows={v.suppressed} />
    </AdminLayout>,
  );
}

/** Every network message, newest first, with its sends by state. */
export const showNetworkSends: Handler = async (ctx, request, reply) =>
  sendAdminHtml(reply, sendsPage(ctx.site, request.staff, await messageSummaries(ctx.db, LIST_LIMIT)));

const messageParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });

/** One message's sends: by state, the caps' reasons, each recipient refused or held back, and each skipped as suppressed. */
export const showNetworkSend: Handler = async (ctx, request, reply) => {
  const params = messageParams.safeParse(request.params);
  const message = params.success ? await findMessage(ctx.db, params.data.id) : undefined;
  if (!message) return reply.callNotFound();
  const [counts, reasons, refused, capped, suppressed] = await Promise.all([
    sendCountsOf(ctx.db, [message.id]),
    cappedReasons(ctx.db, message.id),
    recipientsIn(ctx.db, message.id, ['dead', 'failed'], RECIPIENTS_LIMIT),
    recipientsIn(ctx.db, message.id, ['capped'], RECIPIENTS_LIMIT),
    suppressedRecipients(ctx.db, message.id, RECIPIENTS_LIMIT),
  ]);
  return sendAdminHtml(
    reply,
    sendPage(ctx.site, request.staff, {
      message,
      counts: counts.get(message.id) as SendCounts,
      reasons,
      refused,
      capped,
      suppressed,
    }),
  );
};
