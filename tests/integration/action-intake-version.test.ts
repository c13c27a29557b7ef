import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formBody } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';

/**
 * The intake reads an urgent action's rows once per version, not once per group of forms
 * (migration 040): the database raises `urgent_actions.version` at every change the intake reads
 * (details, events, the targets named and their addresses), whoever writes it, so a form after a
 * change is answered by the change; and not at the dispatcher's touch of a target or a change the
 * intake does not read, so the rows stay cached under a steady load.
 */

let t: TestApp;
const clock = new Date('2020-07-06T15:00:00Z');
let open: number;
let ip = 0;
const PATH = '/articles/mexico-adrian-vasquez-further-information';

beforeAll(async () => {
  t = await testApp({ now: () => clock });
  open = (
    await t.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', 'mexico-adrian-vasquez-further-information')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await t?.close();
});

const version = async () =>
  Number(
    (
      await t.db
        .selectFrom('urgent_actions')
        .select('version')
        .where('article_id', '=', open)
        .executeTakeFirstOrThrow()
    ).version,
  );

const post = (email: string) => {
  ip++;
  return t.app.inject({
    method: 'POST',
    url: `/actions/${open}/email`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `198.51.100.${ip}` },
    payload: formBody({
      name: 'Ana Torres',
      email,
      city: 'Montréal',
      country: 'Canada',
      subject: 'Adrián Vásquez',
      body: 'Le escribo.',
      wording: '',
      source_page: PATH,
      leave_empty: '',
    }),
  });
};

async function governor() {
  return t.db
    .selectFrom('ua_action_targets as x')
    .innerJoin('ua_targets as t', 't.id', 'x.target_id')
    .select(['t.id', 't.email'])
    .where('x.article_id', '=', open)
    .where('x.role', '=', 'target')
    .executeTakeFirstOrThrow();
}

describe(`the urgent action's version, on ${dialectUnderTest}`, () => {
  it('rises at a change the intake reads, whoever makes it, and not at others', async () => {
    const target = await governor();
    let v = await version();
    await t.db
      .updateTable('ua_targets')
      .set({ salutation: 'Señor Gobernador' })
      .where('id', '=', target.id)
      .execute();
    expect(await version()).toBeGreaterThan(v);
    v = await version();
    // The dispatcher's touch (to take turns on a target) and the cap, which the intake does not read.
    await t.db
      .updateTable('ua_targets')
      .set({ office_hours: 'Mon-Fri 09:00-17:00' })
      .where('id', '=', target.id)
      .execute();
    await t.db.updateTable('urgent_actions').set({ hourly_cap: 33 }).where('article_id', '=', open).execute();
    expect(await version()).toBe(v);
    await t.db
      .updateTable('urgent_actions')
      .set({ asks: '["Free them"]' })
      .where('article_id', '=', open)
      .execute();
    expect(await version()).toBeGreaterThan(v);
    v = await version();
    const at = clock.toISOString();
    const row = await t.db
      .selectFrom('ua_action_targets')
      .selectAll()
      .where('article_id', '=', open)
      .where('target_id', '=', target.id)
      .executeTakeFirstOrThrow();
    await t.db
      .deleteFrom('ua_action_targets')
      .where('article_id', '=', open)
      .where('target_id', '=', target.id)
      .execute();
    expect(await version()).toBeGreaterThan(v);
    v = await version();
    await t.db.insertInto('ua_action_targets').values(row).execute();
    expect(await version()).toBeGreaterThan(v);
    v = await version();
    await t.db
      .insertInto('ua_events')
      .values({
        article_id: open,
        kind: 'updated',
        related_article_id: null,
        user_id: null,
        actor: 'test',
        occurred_at: at,
      })
      .execute();
    expect(await version()).toBeGreaterThan(v);
  });

  it('answers a form after a change by the change: a target without email, then a closed action', async () => {
    expect((await post('before@example.org')).statusCode).toBe(200);
    const target = await governor();
    // Written behind the app's back (a script): the version still moves, so the cached rows go.
    await t.db.updateTable('ua_targets').set({ email: '' }).where('id', '=', target.id).execute();
    expect((await post('noemail@example.org')).statusCode).toBe(409);
    await t.db.updateTable('ua_targets').set({ email: target.email }).where('id', '=', target.id).execute();
    expect((await post('again@example.org')).statusCode).toBe(200);
    await t.db
      .insertInto('ua_events')
      .values({
        article_id: open,
        kind: 'closed',
        related_article_id: null,
        user_id: null,
        actor: 'test',
        occurred_at: clock.toISOString(),
      })
      .execute();
    expect((await post('closed@example.org')).statusCode).toBe(409);
  });
});
