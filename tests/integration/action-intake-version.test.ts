import type { KyselyPlugin, PluginTransformQueryArgs, RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IntakeRequest, takeActions } from '../../src/actions/taking/intake.js';
import { articleRefs } from '../../src/newsroom/lookups.js';
import { formBody } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { articleIdOf } from '../support/content.js';

/**
 * The intake reads an urgent action's rows once per version, not once per group of forms
 * (migration 040): the database raises `urgent_actions.version` at every change the intake reads
 * (details, events, the targets named and their addresses), whoever writes it, so a form after a
 * change is answered by the change; and not at the dispatcher's touch of a target or a change the
 * intake does not read, so the rows stay cached under a steady load. A group of confirmed
 * supporters' forms then reads no more than the article and that version, and writes each table once.
 */

let t: TestApp;
const clock = new Date('2020-07-06T15:00:00Z');
let open: number;
let ip = 0;
const PATH = '/articles/mexico-adrian-vasquez-further-information';

beforeAll(async () => {
  t = await testApp({ now: () => clock });
  open = await articleIdOf(t.db, 'mexico-adrian-vasquez-further-information');
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
    expect((await post('before@example.org')).statusCode).toBe(303);
    const target = await governor();
    // Written behind the app's back (a script): the version still moves, so the cached rows go.
    await t.db.updateTable('ua_targets').set({ email: '' }).where('id', '=', target.id).execute();
    expect((await post('noemail@example.org')).statusCode).toBe(409);
    await t.db.updateTable('ua_targets').set({ email: target.email }).where('id', '=', target.id).execute();
    expect((await post('again@example.org')).statusCode).toBe(303);
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

/** Every statement a database handle runs (not its transactions' begin and commit), by the tables it names. */
function statementLog() {
  const seen: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      seen.push(args.node.kind);
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
  return { seen, plugin };
}

describe(`a group of confirmed supporters' forms, on ${dialectUnderTest}`, () => {
  it('costs two reads and one statement per table written, whatever its size', async () => {
    await t.db.deleteFrom('ua_events').where('article_id', '=', open).where('kind', '=', 'closed').execute();
    const at = clock.toISOString();
    const supporters = await t.db
      .insertInto('ua_supporters')
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          email: `counted${i}@example.org`,
          name: `Supporter ${i}`,
          city: 'Quito',
          country: 'Ecuador',
          confirmed_at: at,
          created_at: at,
          updated_at: at,
        })),
      )
      .returning(['id', 'email'])
      .execute();
    const log = statementLog();
    const db = t.db.withPlugin(log.plugin);
    const deps = {
      db,
      now: () => clock,
      siteName: 'Candle',
      publicUrl: 'http://candle.test',
      newsroom: { articles: (ids: readonly number[]) => articleRefs(db, { ids }) },
    };
    const form = (s: { id: number; email: string }, i: number): IntakeRequest => ({
      articleId: open,
      channel: 'email',
      client: `client-${s.id}`,
      kind: 'solved',
      proof: null,
      record: {
        channel: 'email',
        detail: '',
        person: { email: s.email, name: `Supporter ${i}`, city: 'Quito', country: 'Ecuador' },
        hearBack: null,
        sourcePage: PATH,
        letter: { subject: 'Adrián', body: 'Le escribo.', readerLanguage: 'en' },
        trustedBy: s.id,
      },
    });
    // The first group reads the rows and kicks the dispatcher for this second; the next does neither.
    await takeActions(deps, supporters.slice(0, 5).map(form));
    log.seen.length = 0;
    const answers = await takeActions(deps, supporters.slice(5).map(form));
    expect(answers.map((a) => a.intake?.outcome)).toEqual(supporters.slice(5).map(() => 'counted'));
    // The article and the version; the client counts; the actions (checked against their
    // supporters in the same statement); the letters.
    expect(log.seen).toHaveLength(5);
    expect(log.seen.filter((k) => k === 'SelectQueryNode')).toHaveLength(2);
  });
});
