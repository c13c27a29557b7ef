import { AdminLayout, type Staff } from '../../accounts/index.js';
import { formatUtcMinute, t } from '../../platform/i18n/index.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import type { ChannelCounts } from '../count-rules.js';
import type { DayCounts } from '../impact-rules.js';
import type { FilledSlot } from '../impact-slots.js';
import { type ActionTotal, channelsTable, daysChart, daysTable, totalsTable } from '../impact-tables.js';
import { Chart, dayText } from './chart.js';
import { FigureTable, SlotSections } from './impact-table.js';

interface Page {
  site: Site;
  staff: Staff | null;
  csrf: string;
}

export interface ImpactAllView {
  counted: ChannelCounts;
  days: DayCounts[];
  totals: ActionTotal[];
  /** What other rooms put in the page's slots (replies, outcomes, the network's size and growth). */
  slots?: FilledSlot[];
}

/** The tables of the page of every urgent action, as drawn and as downloaded. */
export function impactAllTables(v: Omit<ImpactAllView, 'slots'>) {
  return {
    channels: channelsTable(t('uaImpactAll.channelsCaption'), v.counted),
    days: daysTable(
      t('uaImpactAll.daysCaption', {
        from: v.days[0] ? dayText(v.days[0].day) : '',
        to: v.days.at(-1) ? dayText(v.days.at(-1)!.day) : '',
      }),
      v.days,
    ),
    totals: totalsTable(v.totals),
  };
}

export const IMPACT_ALL_PATH = '/admin/actions/impact';

/** The campaigner's page of what supporters did on every urgent action. */
export function impactAllPage(p: Page, v: ImpactAllView, now: Date): string {
  const tables = impactAllTables(v);
  return renderDocument(
    <AdminLayout site={p.site} staff={p.staff} title={t('uaImpactAll.title')} current="/admin/actions">
      <div class="impact">
        <h1>{t('uaImpactAll.title')}</h1>
        <p class="impact-nav">
          <a href="/admin/actions">{t('uaImpactAll.back')}</a>
        </p>
        <p>{t('uaImpactAll.intro')}</p>
        <p>{t('uaImpact.asOf', { when: formatUtcMinute(now.toISOString()) })}</p>
        <p class="impact-nav">{t('uaImpact.print')}</p>
        {v.counted.total === 0 ? <p>{t('uaImpactAll.none')}</p> : null}

        <section aria-labelledby="impact-all-channels" class="impact-section">
          <h2 id="impact-all-channels">{t('uaImpactAll.channels')}</h2>
          <FigureTable table={tables.channels} csvBase={IMPACT_ALL_PATH} />
        </section>

        {v.days.length > 0 ? (
          <section aria-labelledby="impact-all-days" class="impact-section">
            <h2 id="impact-all-days">{t('uaImpactAll.days')}</h2>
            <Chart
              id="impact-all-chart"
              title={t('uaImpactAll.chartTitle')}
              kind="bars"
              unit={t('chart.unit.actions')}
              data={daysChart(v.days)}
            />
            <FigureTable table={tables.days} csvBase={IMPACT_ALL_PATH} />
          </section>
        ) : null}

        {v.totals.length > 0 ? (
          <section aria-labelledby="impact-all-totals" class="impact-section">
            <h2 id="impact-all-totals">{t('uaImpactAll.totals')}</h2>
            <FigureTable table={tables.totals} csvBase={IMPACT_ALL_PATH} />
          </section>
        ) : null}

        <SlotSections filled={v.slots ?? []} csvBase={IMPACT_ALL_PATH} />
      </div>
    </AdminLayout>,
  );
}
