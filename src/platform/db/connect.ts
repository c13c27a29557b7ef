import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type KyselyConfig, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { AUTOCHECKPOINT_PAGES } from './checkpoint.js';
import { LiteralLimitSqliteDialect } from './literal-limit.js';
import type { Database } from './schema.js';
import { registerReadNow, sqliteStatements } from './sqlite-statements.js';

export type Db = Kysely<Database>;

/** Where the database is: a SQLite file, or a PostgreSQL server (DATABASE_URL, read by config.ts). */
export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

export class DatabaseUnavailableError extends Error {}

const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;

/** pg returns timestamptz as Date and int8 as string; Candle wants ISO strings and numbers on both dialects. */
function pgTypes(types: typeof pg.types) {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === TIMESTAMPTZ_OID)
        return (v: string) => new Date(v.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();
      if (oid === INT8_OID) return (v: string) => Number(v);
      return types.getTypeParser(oid, format ?? 'text');
    },
  };
}

export interface OpenOptions {
  /** PostgreSQL only: confine every connection to this schema (tests give each file its own). */
  schema?: string;
  poolSize?: number;
  /** PostgreSQL only: Kysely's log hook, told of every statement (bench/intake-statements.ts counts them). */
  log?: KyselyConfig['log'];
}

const schemas = new WeakMap<Db, string>();

/** PostgreSQL schema that holds Candle's tables ('public' unless a test confined it elsewhere). */
export function schemaOf(db: Db): string {
  return schemas.get(db) ?? 'public';
}

/** How long a SQLite write waits for another process's write to finish before it fails. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** What an operator can do about a SQLite file that cannot be opened, from SQLite's own words. */
function sqliteHint(message: string): string {
  if (/not a database|malformed/i.test(message))
    return ' (the file is not a SQLite database: check DATABASE_URL)';
  if (/readonly|read-only|unable to open|EROFS|EACCES|EPERM|ENOENT/i.test(message))
    return ' (SQLite must be able to write the file and create files beside it: check the folder exists and is writable)';
  return '';
}

function openSqlite(file: string): Db {
  let raw: SqliteDatabase.Database | undefined;
  try {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    raw = new SqliteDatabase(file);
    // The first statements read the header and write the WAL: a garbage file or a read-only
    // folder fails here, not at open.
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    // 32 MB of page cache (SQLite's default is 2 MB): search and listings over a large archive stay in memory.
    raw.pragma('cache_size = -32000');
    // Checkpoints are the job worker's (checkpoint.ts): a commit checkpoints only past this.
    raw.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  } catch (err) {
    raw?.close();
    const message = (err as Error).message;
    throw new DatabaseUnavailableError(
      `Cannot open SQLite database ${file}: ${message}${sqliteHint(message)}`,
    );
  }
  const statements = sqliteStatements(raw);
  const db = new Kysely<Database>({ dialect: new LiteralLimitSqliteDialect({ database: statements }) });
  registerReadNow(db, statements);
  return db;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Db> {
  if (target.dialect === 'sqlite') return openSqlite(target.file);
  // Loaded only when used: a SQLite installation never pays for the PostgreSQL client.
  const { default: pg } = await import('pg');
  const settings = ['-c TimeZone=UTC'];
  if (options.schema) settings.push(`-c search_path=${options.schema}`);
  const pool = new pg.Pool({
    connectionString: target.url,
    max: options.poolSize ?? 10,
    options: settings.join(' '),
    types: pgTypes(pg.types),
    connectionTimeoutMillis: 5000,
  });
  // An idle connection that the server ends (a restart, a failover, an administrator's
  // pg_terminate_backend) is reported by the pool as an 'error' event; unheard, that event would
  // end the whole process. The pool drops that connection and opens another when needed.
  pool.on('error', (err) => {
    process.stderr.write(
      `${JSON.stringify({ level: 40, time: Date.now(), msg: 'PostgreSQL closed an idle connection; it will be replaced', err: err.message })}\n`,
    );
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: options.log });
  try {
    if (options.schema) {
      const admin = new pg.Client({ connectionString: target.url, connectionTimeoutMillis: 5000 });
      await admin.connect();
      await admin.query(`create schema if not exists "${options.schema.replace(/"/g, '')}"`);
      await admin.end();
    }
    await sql`select 1`.execute(db);
    if (options.schema) schemas.set(db, options.schema);
  } catch (err) {
    await db.destroy().catch(() => {});
    const where = safeUrl(target.url);
    throw new DatabaseUnavailableError(`Cannot connect to PostgreSQL at ${where}: ${(err as Error).message}`);
  }
  return db;
}

/** The URL without its password, fit for a log line. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the configured DATABASE_URL';
  }
}
