import { AdminLayout, type Staff } from '../../accounts/index.js';
import { ACTION_CHANNELS, type ActionChannel } from '../../platform/db/index.js';
import { formatDate, formatUtcMinute, t } from '../../platform/i18n/index.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import type { ChannelCounts } from '../count-rules.js';
import {
  CALL_OUTCOMES,
  type DayCounts,
  DELIVERY_COLUMNS,
  type DeliveryCounts,
  type OutcomeCounts,
} from '../impact-rules.js';
import type { ArticleRef } from '../newsroom.js';
import { formatCount, GoalBar } from './counts.js';

interface Page {
  site: Site;
  staff: Staff | null;
  csrf: string;
}

export interface TargetDelivery {
  id: number;
  name: string;
  title: string;
  /** Named by the urgent action now, or null for one its letters went to before. */
  role: 'target' | 'copy' | null;
  hasEmail: boolean;
  timeZone: string;
  officeOpen: boolean;
  knownHours: boolean;
  counts: DeliveryCounts;
}

export interface ImpactView {
  article: ArticleRef;
  goal: number;
  counted: ChannelCounts;
  pending: ChannelCounts;
  days: DayCounts[];
  calls: OutcomeCounts;
  delivery: TargetDelivery[];
}

/** A colour per channel for the chart, each at least 3:1 against the white page. */
const CHANNEL_COLOURS: Record<ActionChannel, string> = {
  email: '#1f5fa8',
  letter: '#7a3e9d',
  post: '#0f7b6c',
  call: '#a64f00',
};

const CHART = { width: 640, height: 200, top: 8 };

const dayText = (day: string) => formatDate(`${day}T00:00:00Z`);

function Swatch(props: { channel: ActionChannel }) {
  return (
    <svg class="ua-chart__swatch" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
      <rect width="12" height="12" fill={CHANNEL_COLOURS[props.channel]} />
    </svg>
  );
}

/**
 * Counted actions per day as stacked bars, drawn here as SVG (no script, no library): named by its
 * title, summed up in its description, and every figure in the table that follows it.
 */
function DayChart(props: { days: readonly DayCounts[] }) {
  const { days } = props;
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) return null;
  const busiest = days.reduce((a, b) => (b.counts.total > a.counts.total ? b : a), first);
  const max = Math.max(1, busiest.counts.total);
  const slot = CHART.width / days.length;
  const bar = Math.max(1, Math.min(slot * 0.8, 48));
  const scale = (CHART.height - CHART.top) / max;
  return (
    <figure class="ua-chart">
      <svg
        class="ua-chart__svg"
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        role="img"
        aria-labelledby="ua-chart-title ua-chart-desc"
        preserveAspectRatio="none"
      >
        <title id="ua-chart-title">{t('uaImpact.chartTitle')}</title>
        <desc id="ua-chart-desc">
          {t('uaImpact.chartDesc', {
            from: dayText(first.day),
            to: dayText(last.day),
            busiest: dayText(busiest.day),
            most: formatCount(busiest.counts.total),
          })}
        </desc>
        {days.map((d, i) => {
          let y = CHART.height;
          return (
            <g key={d.day}>
              {ACTION_CHANNELS.map((channel) => {
                const h = d.counts[channel] * scale;
                if (h <= 0) return null;
                y -= h;
                return (
                  <rect
                    key={channel}
                    x={i * slot + (slot - bar) / 2}
                    y={y}
                    width={bar}
                    height={h}
                    fill={CHANNEL_COLOURS[channel]}
                  />
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul class="ua-chart__legend">
          {ACTION_CHANNELS.map((channel) => (
            <li key={channel}>
              <Swatch channel={channel} /> {t(`uaCounts.channel.${channel}`)}
            </li>
          ))}
        </ul>
        <p>{t('uaImpact.chartScale', { most: formatCount(max) })}</p>
      </figcaption>
    </figure>
  );
}

function ChannelHeads() {
  return (
    <>
      {ACTION_CHANNELS.map((channel) => (
        <th key={channel} scope="col">
          {t(`uaCounts.channel.${channel}`)}
        </th>
      ))}
      <th scope="col">{t('uaImpact.all')}</th>
    </>
  );
}

function officeText(d: TargetDelivery): string {
  if (!d.hasEmail) return t('uaImpact.office.noEmail');
  if (!d.knownHours) return t('uaImpact.office.unknown');
  return d.officeOpen
    ? t('uaImpact.office.open', { zone: d.timeZone })
    : t('uaImpact.office.closed', { zone: d.timeZone });
}

/** The campaigner's page of what supporters did on one urgent action. */
export function impactPage(p: Page, v: ImpactView, now: Date): string {
  const base = `/admin/actions/${v.article.id}`;
  return renderDocument(
    <AdminLayout
      site={p.site}
      staff={p.staff}
      title={t('uaImpact.title', { title: v.article.title })}
      current="/admin/actions"
    >
      <h1>{t('uaImpact.title', { title: v.article.title })}</h1>
      <p>
        <a href={base}>{t('uaImpact.details')}</a>
        {' · '}
        <a href={`${base}/actions.csv`}>{t('uaImpact.export')}</a>
      </p>
      <p>{t('uaImpact.asOf', { when: formatUtcMinute(now.toISOString()) })}</p>

      <section aria-labelledby="ua-impact-channels">
        <h2 id="ua-impact-channels">{t('uaImpact.channels')}</h2>
        <table class="table">
          <caption class="visually-hidden">{t('uaImpact.channelsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('uaImpact.channel')}</th>
              <th scope="col">{t('uaImpact.counted')}</th>
              <th scope="col">{t('uaImpact.pending')}</th>
            </tr>
          </thead>
          <tbody>
            {ACTION_CHANNELS.map((channel) => (
              <tr key={channel}>
                <th scope="row">{t(`uaCounts.channel.${channel}`)}</th>
                <td>{formatCount(v.counted[channel])}</td>
                <td>{formatCount(v.pending[channel])}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('uaImpact.all')}</th>
              <td>{formatCount(v.counted.total)}</td>
              <td>{formatCount(v.pending.total)}</td>
            </tr>
          </tfoot>
        </table>
        {v.goal > 0 ? (
          <GoalBar id="ua-impact-goal" total={v.counted.total} goal={v.goal} />
        ) : (
          <p>{t('uaImpact.noGoal')}</p>
        )}
      </section>

      <section aria-labelledby="ua-impact-days">
        <h2 id="ua-impact-days">{t('uaImpact.days')}</h2>
        {v.days.length === 0 ? (
          <p>{t('uaImpact.noneYet')}</p>
        ) : (
          <>
            <DayChart days={v.days} />
            <table class="table">
              <caption>{t('uaImpact.daysCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('uaImpact.day')}</th>
                  <ChannelHeads />
                </tr>
              </thead>
              <tbody>
                {v.days.map((d) => (
                  <tr key={d.day}>
                    <th scope="row">
                      <time dateTime={d.day}>{dayText(d.day)}</time>
                    </th>
                    {ACTION_CHANNELS.map((channel) => (
                      <td key={channel}>{formatCount(d.counts[channel])}</td>
                    ))}
                    <td>{formatCount(d.counts.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>

      <section aria-labelledby="ua-impact-calls">
        <h2 id="ua-impact-calls">{t('uaImpact.calls')}</h2>
        <table class="table">
          <caption class="visually-hidden">{t('uaImpact.callsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('uaImpact.outcome')}</th>
              <th scope="col">{t('uaImpact.callCount')}</th>
            </tr>
          </thead>
          <tbody>
            {[...CALL_OUTCOMES, 'unsaid' as const].map((outcome) => (
              <tr key={outcome}>
                <th scope="row">{t(`uaImpact.outcome.${outcome}`)}</th>
                <td>{formatCount(v.calls[outcome])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="ua-impact-letters">
        <h2 id="ua-impact-letters">{t('uaImpact.letters')}</h2>
        <p>{t('uaImpact.lettersIntro')}</p>
        {v.delivery.length === 0 ? (
          <p>{t('uaImpact.noTargets')}</p>
        ) : (
          <table class="table">
            <caption class="visually-hidden">{t('uaImpact.lettersCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('uaImpact.target')}</th>
                <th scope="col">{t('uaImpact.office')}</th>
                {DELIVERY_COLUMNS.map((c) => (
                  <th key={c} scope="col">
                    {t(`uaImpact.status.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {v.delivery.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    {d.name}
                    {d.title ? `, ${d.title}` : ''}
                    {d.role === 'copy' ? ` (${t('uaImpact.role.copy')})` : ''}
                    {d.role === null ? ` (${t('uaImpact.role.former')})` : ''}
                  </th>
                  <td>{officeText(d)}</td>
                  {DELIVERY_COLUMNS.map((c) => (
                    <td key={c}>{formatCount(d.counts[c])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </AdminLayout>,
  );
}
