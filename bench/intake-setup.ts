// What both intake benchmarks prepare (bench/action-intake.ts against a server, and
// bench/intake-profile.ts in process): the demo's newest open urgent action opened to all hours
// with no hourly cap, and one confirmed supporter per request, each with the trust cookie of the
// browser they confirmed from (an action counts at once only with it: src/actions/taking/
// trusted-browser.ts), signed with the site's own link keys as the confirmation would have set it.
import { TRUST_COOKIE, trustCookieValue } from '../src/actions/taking/trusted-browser.js';
import type { Db } from '../src/platform/db/index.js';
import { loadSubscriberKeys } from '../src/subscriptions/index.js';

/**
 * `linkSecret`: the server's LINK_SECRET if it has one; unset, the secret the site keeps in its
 * database signs (made here if the server has not made it yet: the first writer wins).
 */
export async function prepareIntake(db: Db, supporters: number, now: Date, linkSecret?: string) {
  const at = now.toISOString();
  // Its targets open all week and uncapped, so every letter can go as soon as a worker runs
  // (office hours and caps have their own tests).
  const action = await db
    .selectFrom('urgent_actions as u')
    .innerJoin('articles as a', 'a.id', 'u.article_id')
    .innerJoin('ua_action_targets as t', 't.article_id', 'u.article_id')
    .select(['u.article_id', 'a.slug'])
    .where('a.status', '=', 'published')
    .where('u.number', 'is not', null)
    .orderBy('a.published_at', 'desc')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('urgent_actions')
    .set({ act_before: null, hourly_cap: 1_000_000 })
    .where('article_id', '=', action.article_id)
    .execute();
  const targetIds = (
    await db
      .selectFrom('ua_action_targets')
      .select('target_id')
      .where('article_id', '=', action.article_id)
      .execute()
  ).map((r) => r.target_id);
  await db
    .updateTable('ua_targets')
    .set({ office_hours: 'Mon-Sun 00:00-24:00', time_zone: 'UTC' })
    .where('id', 'in', targetIds)
    .execute();
  await db
    .updateTable('ua_targets')
    .set({ email: 'office@target.test' })
    .where('id', 'in', targetIds)
    .where('email', '=', '')
    .execute();
  for (let from = 0; from < supporters; from += 1000) {
    const rows = [];
    for (let i = from; i < Math.min(from + 1000, supporters); i++)
      rows.push({
        email: `supporter${i}@example.org`,
        name: `Supporter ${i}`,
        city: 'Montréal',
        country: 'Canada',
        confirmed_at: at,
        created_at: at,
        updated_at: at,
      });
    await db.insertInto('ua_supporters').values(rows).execute();
  }
  const { linkKeys } = await loadSubscriberKeys(
    db,
    {
      publicUrl: '',
      linkSecret: linkSecret || undefined,
      linkSecretPrevious: undefined,
      unsubscribeMailto: undefined,
    },
    now,
  );
  const cookies: string[] = new Array(supporters);
  const ids = await db
    .selectFrom('ua_supporters')
    .select(['id', 'email'])
    .where('email', 'like', 'supporter%@example.org')
    .execute();
  for (const s of ids) {
    const i = Number(/^supporter(\d+)@/.exec(s.email)?.[1]);
    if (i < supporters) cookies[i] = `${TRUST_COOKIE}=${trustCookieValue(linkKeys, s, now)}`;
  }
  return {
    articleId: action.article_id,
    slug: action.slug,
    /** The Cookie header of supporter i's browser. */
    cookie: (i: number) => cookies[i]!,
  };
}

/** The email channel's form of supporter i, with their solved proof. */
export function intakeBody(i: number, slug: string, proof: string): string {
  return new URLSearchParams({
    name: `Supporter ${i}`,
    email: `supporter${i}@example.org`,
    city: 'Montréal',
    country: 'Canada',
    subject: 'Protect the defenders',
    body: 'Dear Governor,\n\nI ask you to protect the human rights defenders named in this urgent action.\n\nYours sincerely,',
    keep_informed: 'no',
    wording: '',
    source_page: `/articles/${slug}`,
    leave_empty: '',
    altcha: proof,
  }).toString();
}
