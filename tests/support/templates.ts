import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadDemo } from '../../src/demo/index.js';
import { migrateToLatest, openDatabase } from '../../src/platform/db/index.js';

/**
 * Migrating and loading the demo content (its pictures go through the whole image pipeline) took
 * about 3 s of CPU for every test app: most of an integration file's set-up. This global set-up
 * (vitest.config.ts) does it once per run, into two templates, a migrated empty database and one
 * with the demo content; each test then gets a copy of its own (a file copy on SQLite,
 * CREATE DATABASE … TEMPLATE on PostgreSQL), exactly what migrating and loading would have made.
 */

/** Set TEST_DATABASE_URL=postgres://… to run the same tests on PostgreSQL; SQLite otherwise. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? '';
export const dialectUnderTest = testDatabaseUrl.startsWith('postgres') ? 'postgres' : 'sqlite';

/** The demo as every test app has loaded it: its dates fixed, so every copy is the same. */
export const DEMO_LOADED_AT = () => new Date('2020-07-01T00:00:00Z');

/** One template: a SQLite file or a PostgreSQL database, and the files its rows name (DATA_DIR). */
export interface Template {
  sqliteFile: string;
  pgDatabase: string;
  dataDir: string;
}

export interface Templates {
  dialect: 'sqlite' | 'postgres';
  empty: Template;
  demo: Template;
}

declare module 'vitest' {
  export interface ProvidedContext {
    candleTemplates: Templates;
  }
}

/** The URL of another database on the same PostgreSQL server. */
export function databaseUrlFor(name: string): string {
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one statement on the server's test database (CREATE and DROP DATABASE need a connection elsewhere). */
export async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function buildTemplate(root: string, name: 'empty' | 'demo'): Promise<Template> {
  const dataDir = path.join(root, `${name}-data`);
  await fs.mkdir(dataDir);
  const sqliteFile = path.join(root, `${name}.db`);
  // Unique per run: several runs (developers' and CI's) may share one PostgreSQL server.
  const pgDatabase = `candle_template_${name}_${randomBytes(5).toString('hex')}`;
  if (dialectUnderTest === 'postgres') await onServer(`create database "${pgDatabase}"`);
  const db =
    dialectUnderTest === 'postgres'
      ? await openDatabase({ dialect: 'postgres', url: databaseUrlFor(pgDatabase) }, { poolSize: 2 })
      : await openDatabase({ dialect: 'sqlite', file: sqliteFile });
  try {
    await migrateToLatest(db);
    if (name === 'demo') await loadDemo({ db, dataDir, now: DEMO_LOADED_AT });
  } finally {
    // On SQLite the last close folds the WAL into the file, so the file alone is the whole database.
    await db.destroy();
  }
  return { sqliteFile, pgDatabase, dataDir };
}

async function dropTemplates(root: string, templates: Partial<Templates>): Promise<void> {
  if (dialectUnderTest === 'postgres') {
    for (const t of [templates.empty, templates.demo]) {
      if (t) await onServer(`drop database if exists "${t.pgDatabase}" with (force)`);
    }
  }
  await fs.rm(root, { recursive: true, force: true });
}

/** Vitest's global set-up (vitest.config.ts): the templates for every test file of the project. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'candle-templates-'));
  const templates: Partial<Templates> = { dialect: dialectUnderTest };
  try {
    templates.empty = await buildTemplate(root, 'empty');
    templates.demo = await buildTemplate(root, 'demo');
  } catch (err) {
    await dropTemplates(root, templates);
    throw err;
  }
  project.provide('candleTemplates', templates as Templates);
  return () => dropTemplates(root, templates);
}
