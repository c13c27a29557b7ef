import fs from 'node:fs/promises';
import path from 'node:path';
import { type Migration, Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, schemaOf } from '../../src/platform/db/connect.js';
import * as m001 from '../../src/platform/db/migrations/001_newsroom.js';
import * as m002 from '../../src/platform/db/migrations/002_search.js';
import * as m003 from '../../src/platform/db/migrations/003_admin.js';
import * as m004 from '../../src/platform/db/migrations/004_cache_purges.js';
import * as m005 from '../../src/platform/db/migrations/005_media_avif.js';
import * as m006 from '../../src/platform/db/migrations/006_search_speed.js';
import * as m007 from '../../src/platform/db/migrations/007_article_cards.js';
import * as m008 from '../../src/platform/db/migrations/008_article_listings.js';
import * as m009 from '../../src/platform/db/migrations/009_articles_by_type.js';
import * as m010 from '../../src/platform/db/migrations/010_region_listings.js';
import * as m011 from '../../src/platform/db/migrations/011_login_counters.js';
import * as m012 from '../../src/platform/db/migrations/012_document_details.js';
import * as m015 from '../../src/platform/db/migrations/015_setup_lock.js';
import * as m016 from '../../src/platform/db/migrations/016_audit_messages.js';
import * as m017 from '../../src/platform/db/migrations/017_subscriptions.js';
import * as m018 from '../../src/platform/db/migrations/018_delivery.js';
import * as m019 from '../../src/platform/db/migrations/019_subscriber_rights.js';
import * as m020 from '../../src/platform/db/migrations/020_digests.js';
import { dialectUnderTest } from '../support/app.js';
import { freshDatabase } from '../support/schema.js';

/**
 * An applied migration never changes: a database migrated last year and one migrated today must
 * have the same schema. These migrations have run on real databases, so the schema they make on a
 * fresh database is recorded (the catalogue's own text of every table, index, view, function and
 * trigger) and must stay byte for byte what it was. A later migration changes the schema by being
 * a new migration, never by an edit here; it is not part of this list.
 */
const APPLIED: Record<string, Migration> = {
  '001_newsroom': m001,
  '002_search': m002,
  '003_admin': m003,
  '004_cache_purges': m004,
  '005_media_avif': m005,
  '006_search_speed': m006,
  '007_article_cards': m007,
  '008_article_listings': m008,
  '009_articles_by_type': m009,
  '010_region_listings': m010,
  '011_login_counters': m011,
  '012_document_details': m012,
  '015_setup_lock': m015,
  '016_audit_messages': m016,
  '017_subscriptions': m017,
  '018_delivery': m018,
  '019_subscriber_rights': m019,
  '020_digests': m020,
};

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../src/platform/db/migrations');

async function schemaText(db: Db): Promise<string> {
  if (dialectUnderTest === 'sqlite') {
    const { rows } = await sql<{ type: string; name: string; sql: string | null }>`
      select type, name, sql from sqlite_master order by type, name`.execute(db);
    return rows.map((r) => `-- ${r.type} ${r.name}\n${r.sql ?? ''}\n`).join('\n');
  }
  const schema = schemaOf(db);
  const parts: string[] = [];
  const section = async (title: string, query: ReturnType<typeof sql<{ line: string }>>) => {
    const { rows } = await query.execute(db);
    parts.push(`-- ${title}`, ...rows.map((r) => r.line), '');
  };
  await section(
    'columns',
    sql`select concat_ws(' ', table_name, column_name, data_type, is_nullable, column_default,
          is_identity, identity_generation) as line
        from information_schema.columns where table_schema = ${schema}
        order by table_name, ordinal_position`,
  );
  await section(
    'constraints',
    sql`select concat_ws(' ', t.relname, c.conname, pg_get_constraintdef(c.oid)) as line
        from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = c.connamespace
        where n.nspname = ${schema} order by t.relname, c.conname`,
  );
  await section(
    'indexes',
    sql`select indexdef as line from pg_indexes where schemaname = ${schema} order by tablename, indexname`,
  );
  await section(
    'views',
    sql`select viewname || ': ' || definition as line from pg_views where schemaname = ${schema} order by viewname`,
  );
  await section(
    'functions',
    sql`select pg_get_functiondef(p.oid) as line from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = ${schema} order by p.proname, pg_get_function_identity_arguments(p.oid)`,
  );
  await section(
    'triggers',
    sql`select pg_get_triggerdef(g.oid) as line from pg_trigger g join pg_class t on t.oid = g.tgrelid
        join pg_namespace n on n.oid = t.relnamespace
        where n.nspname = ${schema} and not g.tgisinternal order by t.relname, g.tgname`,
  );
  await section(
    'text search configurations',
    sql`select c.cfgname || ' ' || m.maptokentype || ' ' || m.mapseqno || ' ' || d.dictname as line
        from pg_ts_config c join pg_namespace n on n.oid = c.cfgnamespace
        join pg_ts_config_map m on m.mapcfg = c.oid join pg_ts_dict d on d.oid = m.mapdict
        where n.nspname = ${schema} order by c.cfgname, m.maptokentype, m.mapseqno`,
  );
  // Each test file works in a schema of its own: its name is not part of the definition.
  return parts.join('\n').replaceAll(`${schema}.`, 'SCHEMA.');
}

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  fresh = await freshDatabase();
});
afterAll(async () => {
  await fresh?.close();
});

describe(`applied migrations on ${dialectUnderTest}`, () => {
  it('make the same schema as when they were applied', async () => {
    const migrationTableSchema = dialectUnderTest === 'postgres' ? schemaOf(fresh.db) : undefined;
    const migrator = new Migrator({
      db: fresh.db,
      provider: { getMigrations: async () => APPLIED },
      migrationTableSchema,
    });
    const { error } = await migrator.migrateToLatest();
    expect(error).toBeUndefined();
    await expect(await schemaText(fresh.db)).toMatchFileSnapshot(
      `snapshots/applied-migrations.${dialectUnderTest}.sql`,
    );
  });

  it('import nothing that could change them: no other migration, no application code', async () => {
    const files = (await fs.readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_.*\.ts$/.test(f));
    const offenders: string[] = [];
    for (const file of files) {
      const text = await fs.readFile(path.join(MIGRATIONS_DIR, file), 'utf8');
      for (const [, from] of text.matchAll(/\bfrom\s+'([^']+)'/g)) {
        // Kysely's builders and the frozen statement runner beside the migrations, nothing else.
        if (from === 'kysely' || from === './ddl.js') continue;
        offenders.push(`${file} imports ${from}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
