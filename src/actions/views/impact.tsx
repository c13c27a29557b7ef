import { AdminLayout, type Staff } from '../../accounts/index.js';
import { formatUtcMinute, t } from '../../platform/i18n/index.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import type { ChannelCounts } from '../count-rules.js';
import type { DayCounts, OutcomeCounts } from '../impact-rules.js';
import type { FilledSlot } from '../impact-slots.js';
import {
  callsTable,
  channelsTable,
  daysChart,
  daysTable,
  lettersTable,
  type TargetDelivery,
} from '../impact-tables.js';
import type { ArticleRef } from '../newsroom.js';
import { Chart } from './chart.js';
import { GoalBar } from './counts.js';
import { FigureTable, SlotSections } from './impact-table.js';

export type { TargetDelivery };

interface Page {
  site: Site;
  staff: Staff | null;
  csrf: string;
}

export interface ImpactView {
  article: ArticleRef;
  goal: number;
  counted: ChannelCounts;
  pending: ChannelCounts;
  days: DayCounts[];
  calls: OutcomeCounts;
  delivery: TargetDelivery[];
  /** What other rooms put in the page's slots (replies per target, outcomes). */
  slots?: FilledSlot[];
}

/** The page's own tables, as drawn and as downloaded (impact.ts serves their CSV by name). */
export function impactTables(v: Omit<ImpactView, 'article' | 'goal' | 'slots'>) {
  return {
    channels: channelsTable(t('uaImpact.channelsCaption'), v.counted, v.pending),
    days: daysTable(t('uaImpact.daysCaption'), v.days),
    calls: callsTable(v.calls),
    letters: lettersTable(v.delivery),
  };
}

/** The campaigner's page of what supporters did on one urgent action. */
export function impactPage(p: Page, v: ImpactView, now: Date): string {
  const base = `/admin/actions/${v.article.id}`;
  const csvBase = `${base}/impact`;
  const tables = impactTables(v);
  return renderDocument(
    <AdminLayout
      site={p.site}
      staff={p.staff}
      title={t('uaImpact.title', { title: v.article.title })}
      current="/admin/actions"
    >
      <div class="impact">
        <h1>{t('uaImpact.title', { title: v.article.title })}</h1>
        <p class="impact-nav">
          <a href={base}>{t('uaImpact.details')}</a>
          {' · '}
          <a href="/admin/actions/impact">{t('uaImpactAll.link')}</a>
          {' · '}
          <a href={`${base}/actions.csv`}>{t('uaImpact.export')}</a>
        </p>
        <p>{t('uaImpact.asOf', { when: formatUtcMinute(now.toISOString()) })}</p>
        <p class="impact-nav">{t('uaImpact.print')}</p>

        <section aria-labelledby="ua-impact-channels" class="impact-section">
          <h2 id="ua-impact-channels">{t('uaImpact.channels')}</h2>
          <FigureTable table={tables.channels} csvBase={csvBase} />
          {v.goal > 0 ? (
            <GoalBar id="ua-impact-goal" total={v.counted.total} goal={v.goal} />
          ) : (
            <p>{t('uaImpact.noGoal')}</p>
          )}
        </section>

        <section aria-labelledby="ua-impact-days" class="impact-section">
          <h2 id="ua-impact-days">{t('uaImpact.days')}</h2>
          {v.days.length === 0 ? (
            <p>{t('uaImpact.noneYet')}</p>
          ) : (
            <>
              <Chart
                id="ua-chart"
                title={t('uaImpact.chartTitle')}
                kind="bars"
                unit={t('chart.unit.actions')}
                data={daysChart(v.days)}
              />
              <FigureTable table={tables.days} csvBase={csvBase} />
            </>
          )}
        </section>

        <section aria-labelledby="ua-impact-calls" class="impact-section">
          <h2 id="ua-impact-calls">{t('uaImpact.calls')}</h2>
          <FigureTable table={tables.calls} csvBase={csvBase} />
        </section>

        <section aria-labelledby="ua-impact-letters" class="impact-section">
          <h2 id="ua-impact-letters">{t('uaImpact.letters')}</h2>
          <p>{t('uaImpact.lettersIntro')}</p>
          {v.delivery.length === 0 ? (
            <p>{t('uaImpact.noTargets')}</p>
          ) : (
            <FigureTable table={tables.letters} csvBase={csvBase} />
          )}
        </section>

        <SlotSections filled={v.slots ?? []} csvBase={csvBase} />
      </div>
    </AdminLayout>,
  );
}
