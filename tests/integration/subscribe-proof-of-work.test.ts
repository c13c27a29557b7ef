import { type Challenge, createChallenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { loadDemo } from '../../src/demo/index.js';
import { suppress } from '../../src/subscriptions/suppression.js';
import { formBody } from '../support/admin.js';
import { TEST_PUBLIC_URL, testDatabase } from '../support/app.js';

/**
 * The sign-up form's proof of work (issue 12), through the app as a browser uses it: a solution
 * computed here with altcha-lib's own solver earns the usual limit, a reused, expired or forged
 * one is refused beside the widget with what was typed kept, a form without one is accepted under
 * a tight limit per client, the widget comes from Candle itself, and the request does the same
 * statements whatever the address's state (no enumeration by timing).
 */

/** Records the SQL of every statement while `on`: the request's work, to compare across states. */
class Recorder implements KyselyPlugin {
  on = false;
  nodes: RootOperationNode[] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.on) this.nodes.push(args.node);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

const recorder = new Recorder();
// Near the machine's time: altcha-lib checks expiry by the machine's clock too.
let clock = new Date();
let t: Awaited<ReturnType<typeof start>>;
let client = 0;
let wording = '';
let mexico = 0;

async function start() {
  const database = await testDatabase();
  await loadDemo({ db: database.db, dataDir: database.dataDir, now: () => new Date('2020-07-01T00:00:00Z') });
  const config = loadConfig({
    DATABASE_URL: 'sqlite::memory:',
    DATA_DIR: database.dataDir,
    LOG_LEVEL: 'silent',
    PUBLIC_URL: TEST_PUBLIC_URL,
    TRUST_PROXY: 'true',
  });
  const built = await buildApp(config, database.db.withPlugin(recorder), { now: () => clock });
  return {
    ...built,
    db: database.db,
    close: async () => {
      await built.app.close();
      await database.close();
    },
  };
}

beforeAll(async () => {
  t = await start();
  const page = await t.app.inject({ method: 'GET', url: '/subscribe' });
  wording = /name="wording" value="([0-9a-f]{64})"/.exec(page.body)?.[1] ?? '';
  mexico = (
    await t.db.selectFrom('countries').select('id').where('slug', '=', 'mexico').executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => t?.close());

beforeEach(async () => {
  clock = new Date();
  client++;
  await t.db.deleteFrom('subscribers').execute();
  await t.db.deleteFrom('jobs').execute();
  await t.db.deleteFrom('mail_outbox').execute();
});

function form(overrides: Record<string, string> = {}) {
  return {
    email: `ana${client}@example.org`,
    name: 'Ana',
    language: 'en',
    frequency: 'each',
    follow: `country:${mexico}`,
    consent: 'yes',
    wording,
    source_page: '/subscribe',
    source_form: 'subscribe-page',
    ...overrides,
  };
}

function post(fields: Record<string, string>, ip = `192.0.2.${client}`) {
  return t.app.inject({
    method: 'POST',
    url: '/subscribe',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      'x-forwarded-for': ip,
    },
    payload: formBody(fields),
  });
}

async function fetchChallenge(): Promise<Challenge> {
  const res = await t.app.inject({ method: 'GET', url: '/subscribe/challenge' });
  expect(res.statusCode).toBe(200);
  return res.json() as Challenge;
}

/** What the widget posts: base64 of the challenge and the solution the solver found. */
async function solved(challenge?: Challenge): Promise<string> {
  const c = challenge ?? (await fetchChallenge());
  const solution = await solveChallenge({ challenge: c, deriveKey });
  return Buffer.from(JSON.stringify({ challenge: c, solution })).toString('base64');
}

const queued = async () =>
  (await t.db.selectFrom('jobs').select('kind').where('status', '=', 'queued').orderBy('id').execute()).map(
    (j) => j.kind,
  );

describe('the widget', () => {
  it('is on the form, served by Candle under hashed names kept a year, within the page’s policy', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/subscribe' });
    expect(page.body).toContain(
      '<altcha-widget challenge="/subscribe/challenge" auto="onload" name="altcha"',
    );
    const script = /<script type="module" src="(\/assets\/proof-of-work\.[0-9a-f]{12}\.js)"/.exec(
      page.body,
    )?.[1];
    const css = /<link rel="stylesheet" href="(\/assets\/altcha\.[0-9a-f]{12}\.css)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    expect(css).toBeDefined();
    // No request to anyone else, and nothing the policy had to give up for it.
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self' 'sha256-");
    expect(csp).toContain("style-src 'self';");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(page.body).not.toMatch(/src="https?:/);

    const own = await t.app.inject({ method: 'GET', url: script! });
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(own.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // It names the widget and its worker by their hashed addresses, on this site.
    const widget = /import '(\/assets\/altcha\.[0-9a-f]{12}\.js)'/.exec(own.body)?.[1];
    const worker = /new Worker\('(\/assets\/altcha-pbkdf2\.[0-9a-f]{12}\.js)'\)/.exec(own.body)?.[1];
    for (const url of [widget, worker, css]) {
      expect(url).toBeDefined();
      const res = await t.app.inject({ method: 'GET', url: url! });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(
        url!.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      );
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    expect((await t.app.inject({ method: 'GET', url: widget! })).body).toContain('altcha-widget');
  });

  it('gets a fresh challenge, never cached, that runs out in five minutes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/subscribe/challenge' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-type']).toContain('application/json');
    const challenge = res.json() as Challenge;
    expect(challenge.parameters).toMatchObject({ algorithm: 'PBKDF2/SHA-256', cost: 250 });
    expect(challenge.parameters.expiresAt).toBe(Math.floor(clock.getTime() / 1000) + 300);
    expect(challenge.signature).toMatch(/^[0-9a-f]{64}$/);
    expect((await fetchChallenge()).parameters.nonce).not.toBe(challenge.parameters.nonce);
  });
});

describe('a sign-up with a solution', () => {
  it('is accepted, counted as solved, and its solution kept as spent until it expires', async () => {
    const altcha = await solved();
    const res = await post(form({ altcha }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Check your inbox');
    expect(await queued()).toEqual(['subscriptions.request']);
    expect(await t.db.selectFrom('signup_counts').select(['kind', 'count']).execute()).toEqual([
      { kind: 'solved', count: 1 },
    ]);
    expect(await t.db.selectFrom('proofs_spent').select('challenge_id').execute()).toHaveLength(1);
    await t.worker.runDue();
    expect(await t.db.selectFrom('mail_outbox').select('to_address').execute()).toEqual([
      { to_address: `ana${client}@example.org` },
    ]);
  });

  it('refuses a solution used before, beside the widget, keeping what was typed', async () => {
    const altcha = await solved();
    expect((await post(form({ altcha }))).statusCode).toBe(200);
    await t.db.deleteFrom('jobs').execute();
    const again = await post(form({ altcha, name: 'Ana María' }));
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('id="field-altcha-error"');
    expect(again.body).toContain('already used');
    expect(again.body).toContain('value="Ana María"');
    expect(await queued()).toEqual([]);
  });

  it('refuses an expired solution', async () => {
    const altcha = await solved();
    clock = new Date(clock.getTime() + 5 * 60_000 + 1000);
    const res = await post(form({ altcha }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('had expired');
    expect(await queued()).toEqual([]);
  });

  it('refuses a forged solution: another key, a wrong answer, a changed expiry, or garbage; never a 500', async () => {
    const other = await createChallenge({
      algorithm: 'PBKDF2/SHA-256',
      cost: 250,
      counter: 2000,
      deriveKey,
      expiresAt: new Date(clock.getTime() + 60_000),
      hmacSignatureSecret: 'not candle’s',
    });
    const real = await fetchChallenge();
    const wrong = Buffer.from(
      JSON.stringify({ challenge: real, solution: { counter: 1, derivedKey: '00'.repeat(32) } }),
    ).toString('base64');
    const longer = JSON.parse(Buffer.from(await solved(real), 'base64').toString()) as {
      challenge: Challenge;
    };
    longer.challenge.parameters.expiresAt = (longer.challenge.parameters.expiresAt ?? 0) + 3600;
    const payloads = [
      await solved(other),
      wrong,
      Buffer.from(JSON.stringify(longer)).toString('base64'),
      'not base64 at all!',
      Buffer.from('{"challenge":1}').toString('base64'),
    ];
    const spent = (await t.db.selectFrom('proofs_spent').select('challenge_id').execute()).length;
    for (const altcha of payloads) {
      const res = await post(form({ altcha }), `192.0.2.${client}${payloads.indexOf(altcha)}`);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('id="field-altcha-error"');
    }
    expect(await t.db.selectFrom('proofs_spent').select('challenge_id').execute()).toHaveLength(spent);
    expect(await queued()).toEqual([]);
  });

  it('has its own limit per client address, higher than without', async () => {
    const ip = `192.0.2.${client}`;
    expect((await post(form({ altcha: await solved() }), ip)).statusCode).toBe(200);
    // As if 19 more had come from the same address this window (solving 20 here would be slow).
    await t.db.updateTable('signup_counts').set({ count: 20 }).execute();
    const res = await post(form({ altcha: await solved() }), ip);
    expect(res.statusCode).toBe(429);
    expect(res.body).toContain('Wait a few minutes');
  });
});

describe('a sign-up without a solution (no JavaScript)', () => {
  it('is accepted three times an hour from one client address, then explained, keeping what was typed', async () => {
    const ip = `192.0.2.${client}`;
    for (let i = 0; i < 3; i++) {
      const res = await post(form({ email: `nojs${i}@example.org` }), ip);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Check your inbox');
    }
    const over = await post(form({ email: 'nojs3@example.org' }), ip);
    expect(over.statusCode).toBe(429);
    expect(over.body).toContain('turn JavaScript on');
    expect(over.body).toContain('value="nojs3@example.org"');
    expect(await queued()).toEqual([
      'subscriptions.request',
      'subscriptions.request',
      'subscriptions.request',
    ]);
    // Another address is not held up, nor the same one with a solution.
    expect((await post(form({ email: 'other@example.org' }), `${ip}9`)).statusCode).toBe(200);
    expect((await post(form({ altcha: await solved() }), ip)).statusCode).toBe(200);
    // An hour on, the same address may sign up again without.
    clock = new Date(clock.getTime() + 60 * 60_000);
    expect((await post(form({ email: 'nojs4@example.org' }), ip)).statusCode).toBe(200);
  });

  it('counts client addresses only as a keyed hash', async () => {
    await post(form(), '192.0.2.77');
    const rows = await t.db.selectFrom('signup_counts').select('client_hash').execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.client_hash).not.toContain('192.0.2');
  });
});

describe('the hourly sweep', () => {
  it('forgets spent solutions once expired, counts once their window is over, and the requests’ jobs once run', async () => {
    await post(form({ altcha: await solved() }));
    await post(form());
    await t.scheduleRecurringJobs();
    clock = new Date(clock.getTime() + 2 * 60 * 60_000);
    await t.worker.runDue();
    expect(await t.db.selectFrom('proofs_spent').selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom('signup_counts').selectAll().execute()).toEqual([]);
    // The requests' jobs, which held the addresses, are gone once run.
    expect(
      await t.db.selectFrom('jobs').select('id').where('kind', '=', 'subscriptions.request').execute(),
    ).toEqual([]);
  });
});

describe('no enumeration', () => {
  it('does the same statements and queues the same one job whatever the address’s state; the job differs', async () => {
    const salt = (
      await t.db
        .selectFrom('site_secrets')
        .select('value')
        .where('name', '=', 'suppression-salt')
        .executeTakeFirstOrThrow()
    ).value;
    const states = ['new', 'pending', 'confirmed', 'unsubscribed', 'suppressed', 'bounced'] as const;
    const address = (state: string) => `${state.padEnd(12, 'x')}@example.org`;
    // Everyone but the new address asked before; then each is put in its state.
    for (const [i, state] of states.entries())
      if (state !== 'new') await post(form({ email: address(state) }), `198.18.0.${i}`);
    await t.worker.runDue();
    await t.db
      .updateTable('subscribers')
      .set({ status: 'confirmed' })
      .where('email', '!=', address('pending'))
      .execute();
    await t.db
      .updateTable('subscribers')
      .set({ status: 'unsubscribed' })
      .where('email', '=', address('unsubscribed'))
      .execute();
    await t.db
      .updateTable('subscribers')
      .set({ status: 'suppressed' })
      .where('email', '=', address('suppressed'))
      .execute();
    const at = new Date(clock);
    await suppress(
      t.db,
      salt,
      { email: address('bounced'), reason: 'bounce', source: 'webhook', note: '', at },
      at,
    );
    await t.db.deleteFrom('subscriber_tokens').execute();
    await t.db.deleteFrom('jobs').execute();
    await t.db.deleteFrom('mail_outbox').execute();
    // The first request of a process may warm something up: one before the record.
    await post(form({ email: 'warm@example.org' }), '198.18.1.0');
    await t.db.deleteFrom('jobs').execute();

    const work: Record<string, { sql: string[]; jobs: string[]; page: string; status: number }> = {};
    for (const [i, state] of states.entries()) {
      recorder.nodes = [];
      recorder.on = true;
      const res = await post(form({ email: address(state) }), `198.18.2.${i}`);
      recorder.on = false;
      const executor = t.db.getExecutor();
      work[state] = {
        sql: recorder.nodes.map((node) => executor.compileQuery(node, { queryId: String(i) }).sql),
        jobs: await queued(),
        page: res.body.replaceAll(address(state), '<address>'),
        status: res.statusCode,
      };
      await t.db
        .deleteFrom('jobs')
        .where('kind', '=', 'subscriptions.request')
        .where('status', '=', 'queued')
        .execute();
    }
    const first = work.new!;
    expect(first.status).toBe(200);
    expect(first.jobs).toEqual(['subscriptions.request']);
    expect(first.sql.length).toBeGreaterThan(0);
    expect(first.sql.some((s) => /insert into "jobs"/.test(s))).toBe(true);
    expect(first.sql.some((s) => /"subscribers"/.test(s))).toBe(false);
    for (const state of states) expect(work[state], state).toEqual(first);

    // What differs is the job's: run each one now and see which mail it sent.
    await t.db.deleteFrom('mail_outbox').execute();
    for (const [i, state] of states.entries()) await post(form({ email: address(state) }), `198.18.3.${i}`);
    await t.worker.runDue();
    const mail = await t.db.selectFrom('mail_outbox').select(['to_address', 'subject']).execute();
    const got = (state: string) => mail.filter((m) => m.to_address === address(state)).map((m) => m.subject);
    expect(got('new')).toEqual(['Confirm your subscription to Candle']);
    expect(got('pending')).toEqual(['Confirm your subscription to Candle']);
    expect(got('unsubscribed')).toEqual(['Confirm your subscription to Candle']);
    expect(got('confirmed')).toHaveLength(1);
    expect(got('confirmed')[0]).not.toContain('Confirm');
    expect(got('suppressed')).toEqual([]);
    expect(got('bounced')).toEqual([]);
  });
});
