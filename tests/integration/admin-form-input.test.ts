import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cannotWrite, uniqueViolation } from '../../src/platform/db/errors.js';
import type { Db } from '../../src/platform/db/index.js';
import { formBody, logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';

let t: TestApp;
let editor: Session;
let mexicoId: string;
let americasId: string;

beforeAll(async () => {
  t = await testApp();
  await makeUser(t.db, 'editor');
  editor = await logIn(t.app, 'editor@candle.test');
  const mexico = await t.db
    .selectFrom('countries')
    .select(['id', 'region_id'])
    .where('slug', '=', 'mexico')
    .executeTakeFirstOrThrow();
  mexicoId = String(mexico.id);
  americasId = String(mexico.region_id);
});
afterAll(async () => {
  await t?.close();
});

const idFrom = (location: unknown) => Number(/\/admin\/\w+\/(\d+)/.exec(String(location))![1]);

const article = (fields: Record<string, string | string[]>) => ({
  title: 'Defenders detained in Mérida',
  type: 'news',
  summary: 'Three defenders were detained.',
  body: 'They were detained on 1 February.',
  countries: [mexicoId],
  version: '0',
  action: 'save',
  ...fields,
});

/** Lines of letters joined the way a browser sends a textarea: with CRLF line ends. */
const crlfText = (lines: number, charactersCountedByBrowser: number) => {
  const letters = charactersCountedByBrowser - (lines - 1);
  const per = Math.floor(letters / lines);
  const parts = Array.from({ length: lines }, (_, i) =>
    'abcdefghij'
      .repeat(Math.ceil(per / 10) + 1)
      .slice(0, i === lines - 1 ? letters - per * (lines - 1) : per),
  );
  return parts.join('\r\n');
};

/** The text of a field as the page shows it (entities decoded for the few the tests use). */
const textareaOf = (html: string, name: string) =>
  new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html)?.[1] ?? null;
const inputValueOf = (html: string, name: string) =>
  new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1] ??
  new RegExp(`<input[^>]*value="([^"]*)"[^>]*name="${name}"`).exec(html)?.[1] ??
  null;

const fieldIsMarked = (html: string, name: string) =>
  new RegExp(`id="field-${name}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="field-${name}"`).test(
    html,
  ) && html.includes(`href="#field-${name}"`);

describe(`admin form input on ${dialectUnderTest}`, () => {
  it('counts a summary typed on 20 lines as the browser does, and saves it with LF line ends', async () => {
    const summary = crlfText(20, 989);
    expect(summary.length).toBe(1008);
    const res = await editor.post('/admin/articles/new', article({ slug: 'twenty-lines', summary }));
    expect(res.statusCode).toBe(303);
    const stored = await t.db
      .selectFrom('articles')
      .select(['summary'])
      .where('id', '=', idFrom(res.headers.location))
      .executeTakeFirstOrThrow();
    expect(stored.summary).toBe(summary.replace(/\r\n/g, '\n'));
    expect(stored.summary.length).toBe(989);
  });

  it('re-shows an over-long summary at its field, as typed, with a 400 and not a 500', async () => {
    const summary = `Start ${'word '.repeat(240)}end`;
    const res = await editor.post(
      '/admin/articles/new',
      article({ slug: 'long-summary', title: 'Keep this title', summary }),
    );
    expect(res.statusCode).toBe(400);
    expect(fieldIsMarked(res.body, 'summary')).toBe(true);
    expect(res.body).toContain('can be at most 1,000 characters');
    expect(textareaOf(res.body, 'summary')).toBe(summary);
    expect(inputValueOf(res.body, 'title')).toBe('Keep this title');
    expect(
      await t.db.selectFrom('articles').select('id').where('slug', '=', 'long-summary').execute(),
    ).toEqual([]);
  });

  it('re-shows a body over 200,000 characters in full, on save and on preview', async () => {
    const body = `${'A sentence of the report. '.repeat(8000)}The last words.`;
    expect(body.length).toBeGreaterThan(200_000);
    const res = await editor.post('/admin/articles/new', article({ slug: 'long-body', body }));
    expect(res.statusCode).toBe(400);
    expect(fieldIsMarked(res.body, 'body')).toBe(true);
    expect(textareaOf(res.body, 'body')).toBe(body);

    const saved = await editor.post('/admin/articles/new', article({ slug: 'short-body' }));
    const id = idFrom(saved.headers.location);
    const preview = await editor.post(`/admin/articles/${id}/preview`, article({ slug: 'short-body', body }));
    expect(preview.statusCode).toBe(400);
    expect(fieldIsMarked(preview.body, 'body')).toBe(true);
    expect(textareaOf(preview.body, 'body')).toBe(body);
    const edit = await editor.post(
      `/admin/articles/${id}`,
      article({ slug: 'short-body', version: '1', body }),
    );
    expect(edit.statusCode).toBe(400);
    expect(textareaOf(edit.body, 'body')).toBe(body);
  });

  it('takes the first of a repeated field instead of failing', async () => {
    const res = await editor.post(
      '/admin/articles/new',
      article({ slug: 'repeated', title: ['The first title', 'The second title'], type: ['report', 'news'] }),
    );
    expect(res.statusCode).toBe(303);
    const stored = await t.db
      .selectFrom('articles')
      .select(['title', 'type'])
      .where('id', '=', idFrom(res.headers.location))
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ title: 'The first title', type: 'report' });
  });

  it('answers a JSON body of the wrong shape with the form, not a 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/articles/new',
      headers: { cookie: editor.cookie, 'content-type': 'application/json', 'x-csrf-token': editor.csrf },
      payload: JSON.stringify({ title: { nested: true }, summary: 12, body: ['a', 'b'], countries: 5 }),
    });
    expect(res.statusCode).toBe(400);
    expect(fieldIsMarked(res.body, 'title')).toBe(true);
  });

  it('answers an over-long live preview with a 400 fragment', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/preview',
      headers: {
        cookie: editor.cookie,
        'content-type': 'application/x-www-form-urlencoded',
        'x-csrf-token': editor.csrf,
      },
      payload: formBody({ body: 'x'.repeat(200_001) }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('can be at most 200,000 characters');
    const crlf = await t.app.inject({
      method: 'POST',
      url: '/admin/preview',
      headers: {
        cookie: editor.cookie,
        'content-type': 'application/x-www-form-urlencoded',
        'x-csrf-token': editor.csrf,
      },
      payload: formBody({ body: 'One\r\n\r\nTwo' }),
    });
    expect(crlf.body).toBe('<p>One</p>\n<p>Two</p>\n');
  });

  it('counts taxonomy text as the browser does and takes the first of a repeated field', async () => {
    const description = crlfText(10, 1000);
    const res = await editor.post('/admin/topics/new', {
      name: ['Land defenders', 'Ignored'],
      slug: 'land-defenders',
      description,
    });
    expect(res.statusCode).toBe(303);
    const stored = await t.db
      .selectFrom('topics')
      .select(['name', 'description'])
      .where('slug', '=', 'land-defenders')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: 'Land defenders', description: description.replace(/\r\n/g, '\n') });

    const long = 'd'.repeat(1001);
    const refused = await editor.post('/admin/topics/new', {
      name: 'Water',
      slug: 'water',
      description: long,
    });
    expect(refused.statusCode).toBe(400);
    expect(fieldIsMarked(refused.body, 'description')).toBe(true);
    expect(textareaOf(refused.body, 'description')).toBe(long);
  });
});

const sneaks: Array<{ table: string; name: string }> = [];

/** Before a row with `column` = `value` is inserted into `table`, inserts another with the same value. */
async function sneakIn(db: Db, table: string, column: string, value: string, row: Record<string, string>) {
  const name = `sneak_${table}`;
  const columns = Object.keys(row).join(', ');
  const values = Object.values(row).join(', ');
  const literal = `'${value.replace(/'/g, "''")}'`;
  if (dialectUnderTest === 'sqlite') {
    await sql
      .raw(
        `create temp trigger ${name} before insert on main.${table} when new.${column} = ${literal} ` +
          `and not exists (select 1 from main.${table} where ${column} = ${literal}) ` +
          `begin insert into main.${table} (${columns}) values (${values}); end`,
      )
      .execute(db);
  } else {
    await sql
      .raw(
        `create function ${name}() returns trigger language plpgsql as $$ begin ` +
          `if pg_trigger_depth() = 1 and new.${column} = ${literal} then ` +
          `insert into ${table} (${columns}) values (${values}); end if; return new; end $$`,
      )
      .execute(db);
    await sql
      .raw(`create trigger ${name} before insert on ${table} for each row execute function ${name}()`)
      .execute(db);
  }
  sneaks.push({ table, name });
}

async function dropSneaks(db: Db) {
  for (const { table, name } of sneaks.splice(0)) {
    if (dialectUnderTest === 'sqlite') await sql.raw(`drop trigger if exists ${name}`).execute(db);
    else {
      await sql.raw(`drop trigger if exists ${name} on ${table}`).execute(db);
      await sql.raw(`drop function if exists ${name}()`).execute(db);
    }
  }
}

describe(`unique fields on ${dialectUnderTest}`, () => {
  const country = (fields: Record<string, string>) => ({
    name: 'Mexico again',
    slug: 'mexico-again',
    code: 'MX',
    region_id: americasId,
    ...fields,
  });

  it('answers a country code already in use at its field, keeping the form', async () => {
    const res = await editor.post('/admin/countries/new', country({}));
    expect(res.statusCode).toBe(400);
    expect(fieldIsMarked(res.body, 'code')).toBe(true);
    expect(res.body).toContain('Another country already uses this code.');
    expect(inputValueOf(res.body, 'name')).toBe('Mexico again');
    // Editing another country to take the code is refused the same way.
    const guatemala = await t.db
      .selectFrom('countries')
      .select('id')
      .where('code', '<>', 'MX')
      .executeTakeFirstOrThrow();
    const edit = await editor.post(`/admin/countries/${guatemala.id}`, country({ slug: 'renamed' }));
    expect(edit.statusCode).toBe(400);
    expect(edit.body).toContain('Another country already uses this code.');
  });

  it('answers at the field when another writer takes the code or address between check and insert', async () => {
    // A trigger stands in for a second writer: it stores the clashing row after the form's own
    // check and just before the form's insert, as another process could.
    await sneakIn(t.db, 'countries', 'code', 'QB', {
      code: "'QB'",
      slug: "'sneaked-in'",
      name: "'Sneaked in'",
      region_id: 'new.region_id',
      featured: '0',
    });
    await sneakIn(t.db, 'articles', 'slug', 'raced-address', {
      type: "'news'",
      slug: 'new.slug',
      title: "'Sneaked in'",
      status: "'draft'",
      created_at: 'new.created_at',
      updated_at: 'new.updated_at',
    });
    try {
      const res = await editor.post(
        '/admin/countries/new',
        country({ name: 'Qatar', slug: 'qatar', code: 'QB' }),
      );
      expect(res.statusCode).toBe(400);
      expect(fieldIsMarked(res.body, 'code')).toBe(true);
      expect(res.body).toContain('Another country already uses this code.');
      expect(inputValueOf(res.body, 'name')).toBe('Qatar');

      const raced = await editor.post('/admin/articles/new', article({ slug: 'raced-address' }));
      expect(raced.statusCode).toBe(400);
      expect(fieldIsMarked(raced.body, 'slug')).toBe(true);
      expect(raced.body).toContain('Another article already uses this web address.');
      expect(textareaOf(raced.body, 'body')).toBe('They were detained on 1 February.');
    } finally {
      await dropSneaks(t.db);
    }
  });

  it('recognises a unique violation and names its column on this dialect', async () => {
    const error = await t.db
      .insertInto('countries')
      .values({ code: 'MX', slug: 'mx-twice', name: 'Twice', region_id: Number(americasId), featured: 0 })
      .execute()
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(uniqueViolation(error)).toEqual({ table: 'countries', column: 'code' });
    expect(cannotWrite(error)).toBe(false);
    expect(uniqueViolation(new Error('something else'))).toBeNull();
  });
});

/**
 * Makes the database refuse writes for real while `fn` runs. SQLite: the file may not grow by one
 * more page (a full disk, SQLITE_FULL). PostgreSQL: every pooled connection's transactions become
 * read-only, as on a standby (25006); filling a disk of a shared server is not possible here.
 */
async function whileDatabaseCannotWrite(db: Db, fn: () => Promise<void>) {
  if (dialectUnderTest === 'sqlite') {
    // Without free pages, anything that needs a page more (a long text's overflow pages) fails.
    await sql`vacuum`.execute(db);
    const pages = await sql<{ page_count: number }>`pragma page_count`.execute(db);
    await sql.raw(`pragma max_page_count = ${pages.rows[0]!.page_count}`).execute(db);
    try {
      await fn();
    } finally {
      await sql.raw('pragma max_page_count = 1073741823').execute(db);
    }
    return;
  }
  const onEveryConnection = async (statement: string) => {
    const size = 4; // testDatabase() opens a pool of four
    let arrived = 0;
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    await Promise.all(
      Array.from({ length: size }, () =>
        db.connection().execute(async (c) => {
          await sql.raw(statement).execute(c);
          if (++arrived === size) openGate();
          await gate;
        }),
      ),
    );
  };
  await onEveryConnection('set default_transaction_read_only = on');
  try {
    await fn();
  } finally {
    await onEveryConnection('set default_transaction_read_only = off');
  }
}

describe(`a database that cannot write on ${dialectUnderTest}`, () => {
  it('re-shows the article with every word and a 503 saying it could not be saved', async () => {
    // Large enough to need new pages whatever free space the file has.
    const body = `${'Testimony of the families, paragraph after paragraph. '.repeat(3500)}Signed.`;
    await whileDatabaseCannotWrite(t.db, async () => {
      const res = await editor.post(
        '/admin/articles/new',
        article({ slug: 'disk-full', title: 'Written while the disk was full', body }),
      );
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('cannot save right now');
      expect(textareaOf(res.body, 'body')).toBe(body);
      expect(inputValueOf(res.body, 'title')).toBe('Written while the disk was full');

      const story = `${'She was last seen leaving the clinic in Iguala. '.repeat(1500)}The end.`;
      const person = await editor.post('/admin/cases/new', {
        name: 'Adelaida Vásquez',
        slug: 'adelaida-vasquez',
        summary: 'A defender of the land.',
        story_md: story,
        status: 'ongoing',
      });
      expect(person.statusCode).toBe(503);
      expect(person.body).toContain('cannot save right now');
      expect(textareaOf(person.body, 'story_md')).toBe(story);
      expect(inputValueOf(person.body, 'name')).toBe('Adelaida Vásquez');
    });
    const again = await editor.post('/admin/articles/new', article({ slug: 'disk-full', body }));
    expect(again.statusCode).toBe(303);
  });

  it('classifies the failure as the database being unable to write', async () => {
    let caught: unknown = null;
    await whileDatabaseCannotWrite(t.db, async () => {
      caught = await t.db
        .insertInto('topics')
        .values({ slug: 'never-stored', name: 'x'.repeat(20_000), description: 'y'.repeat(20_000) })
        .execute()
        .then(
          () => null,
          (err: unknown) => err,
        );
    });
    expect(caught).not.toBeNull();
    expect(cannotWrite(caught)).toBe(true);
    expect(uniqueViolation(caught)).toBeNull();
  });
});

describe(`drafts in the admin on ${dialectUnderTest}`, () => {
  let authorA: Session;
  let authorB: Session;

  beforeAll(async () => {
    await makeUser(t.db, 'author', 'a@candle.test');
    await makeUser(t.db, 'author', 'b@candle.test');
    authorA = await logIn(t.app, 'a@candle.test');
    authorB = await logIn(t.app, 'b@candle.test');
    expect(
      (await authorA.post('/admin/articles/new', article({ slug: 'draft-of-a', title: 'Draft of author A' })))
        .statusCode,
    ).toBe(303);
    expect(
      (
        await authorB.post(
          '/admin/articles/new',
          article({ slug: 'secret-of-b', title: 'Embargoed draft of B' }),
        )
      ).statusCode,
    ).toBe(303);
  });

  it('shows an author their own drafts and published items, never another’s draft title', async () => {
    const published = await t.db
      .selectFrom('articles')
      .select('title')
      .where('status', '=', 'published')
      .orderBy('updated_at', 'desc')
      .executeTakeFirstOrThrow();
    for (const url of ['/admin', '/admin/articles', '/admin/articles?status=draft']) {
      const page = await authorA.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).not.toContain('Embargoed draft of B');
      expect(page.body, url).toContain('Draft of author A');
    }
    expect((await authorA.get('/admin/articles?status=published')).body).toContain(
      published.title.replace(/&/g, '&amp;'),
    );
  });

  it('shows editors every draft', async () => {
    for (const url of ['/admin', '/admin/articles']) {
      const page = await editor.get(url);
      expect(page.body, url).toContain('Embargoed draft of B');
      expect(page.body, url).toContain('Draft of author A');
    }
  });
});
