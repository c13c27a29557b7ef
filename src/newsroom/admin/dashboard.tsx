import type { VNode } from 'preact';
import { type DashboardContext, DashboardSection } from '../../accounts/index.js';
import { formatUtcMinute, t } from '../../platform/i18n/index.js';
import type { NewsroomPermission } from '../access.js';

// The newsroom's sections of the admin dashboard, declared with its permissions (access.ts).

type Context = DashboardContext<NewsroomPermission>;

/**
 * Whose unpublished articles a section lists: everyone's for those who may edit them, else one's
 * own (the article list's rule, ownUnpublishedOnly, asked through the room's checker given here).
 */
const ownOnly = (ctx: Context) => (ctx.can('article.editOthers') ? null : ctx.staff.user.id);

function articleLink(a: { id: number; title: string }, at: string | null) {
  return (
    <li key={a.id}>
      <a href={`/admin/articles/${a.id}`}>{a.title}</a> — {at ? formatUtcMinute(at) : ''}
    </li>
  );
}

/** Articles waiting for their publishing time, soonest first. */
export async function scheduledArticles(ctx: Context): Promise<VNode> {
  let query = ctx.db
    .selectFrom('articles')
    .select(['id', 'title', 'published_at'])
    .where('status', '=', 'scheduled');
  const author = ownOnly(ctx);
  if (author !== null) query = query.where('author_id', '=', author);
  const rows = await query.orderBy('published_at').limit(20).execute();
  return (
    <DashboardSection
      id="scheduled"
      title={t('dashboard.scheduled')}
      items={rows.map((a) => articleLink(a, a.published_at))}
    />
  );
}

/** The drafts changed last. */
export async function recentDrafts(ctx: Context): Promise<VNode> {
  let query = ctx.db
    .selectFrom('articles')
    .select(['id', 'title', 'updated_at'])
    .where('status', '=', 'draft');
  const author = ownOnly(ctx);
  if (author !== null) query = query.where('author_id', '=', author);
  const rows = await query.orderBy('updated_at', 'desc').limit(10).execute();
  return (
    <DashboardSection
      id="drafts"
      title={t('dashboard.drafts')}
      items={rows.map((a) => articleLink(a, a.updated_at))}
    />
  );
}
