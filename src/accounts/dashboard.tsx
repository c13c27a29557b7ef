import type { VNode } from 'preact';
import { formatUtcMinute, t } from '../platform/i18n/index.js';
import { MAIL_JOB } from '../platform/mail/index.js';
import { auditText } from './audit.js';
import type { DashboardContext } from './policy.js';
import { DashboardSection } from './views/dashboard-section.js';

// The accounts room's sections of the dashboard, declared with its permissions (policy.ts).

/** Mail waiting to be sent and jobs that gave up: work someone should know is stuck. */
export async function waitingWork(ctx: Pick<DashboardContext, 'db'>): Promise<VNode | null> {
  const count = (status: 'queued' | 'dead', kind?: string) => {
    let query = ctx.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', status);
    if (kind) query = query.where('kind', '=', kind);
    return query.executeTakeFirstOrThrow().then((row) => Number(row.n));
  };
  const [mail, dead] = await Promise.all([count('queued', MAIL_JOB), count('dead')]);
  if (mail === 0 && dead === 0) return null;
  return (
    <>
      {dead > 0 ? <p class="notice notice--warning">{t('dashboard.jobsDead', { count: dead })}</p> : null}
      {mail > 0 ? <p class="notice">{t('dashboard.mailQueued', { count: mail })}</p> : null}
    </>
  );
}

/** The last changes in the audit log: everyone's to those who may see them, otherwise one's own. */
export async function recentChanges(ctx: DashboardContext<'audit.recent'>): Promise<VNode> {
  let changes = ctx.db.selectFrom('audit_log').select(['id', 'actor', 'summary', 'message', 'created_at']);
  if (!ctx.can('audit.recent')) changes = changes.where('user_id', '=', ctx.staff.user.id);
  const rows = await changes.orderBy('id', 'desc').limit(10).execute();
  return (
    <DashboardSection
      id="changes"
      title={t('dashboard.changes')}
      items={rows.map((c) => (
        <li key={c.id}>
          {formatUtcMinute(c.created_at)} — {c.actor}: {auditText(c)}
        </li>
      ))}
    />
  );
}
