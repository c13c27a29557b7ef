import type { Transaction } from 'kysely';
import type { Db } from './connect.js';
import type { Database } from './schema.js';

/**
 * What a failed statement means to the person whose change it carried, on either dialect: a value
 * another row already holds (say so at the field), or a database that cannot write just now (keep
 * their text and ask them to try again). Everything else is a fault, and stays a 500.
 *
 * better-sqlite3 throws SqliteError with `code` ('SQLITE_CONSTRAINT_UNIQUE') and a message naming
 * the column ('UNIQUE constraint failed: countries.code'); pg throws DatabaseError with the
 * SQLSTATE in `code` ('23505'), and `table`, `constraint` and `detail` ('Key (code)=(MX) already
 * exists.').
 */

interface DriverError {
  code?: unknown;
  message?: unknown;
  table?: unknown;
  constraint?: unknown;
  detail?: unknown;
}

const asDriverError = (err: unknown): DriverError | null =>
  err !== null && typeof err === 'object' ? (err as DriverError) : null;

const text = (v: unknown) => (typeof v === 'string' ? v : '');

export interface UniqueViolation {
  table: string | null;
  /** The first column of the constraint, when the driver names it. */
  column: string | null;
}

export function uniqueViolation(err: unknown): UniqueViolation | null {
  const e = asDriverError(err);
  if (!e) return null;
  const code = text(e.code);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    // "UNIQUE constraint failed: countries.code" or, for several columns, "t.a, t.b".
    const first = /constraint failed: ([\w"]+)\.([\w"]+)/.exec(text(e.message));
    return { table: first?.[1] ?? null, column: first?.[2] ?? null };
  }
  if (code === '23505') {
    const table = text(e.table) || null;
    // "Key (code)=(MX) already exists." or "Key (a, b)=(…)"; the constraint name as a fallback
    // ("countries_code_key", PostgreSQL's own name for a column's UNIQUE).
    const fromDetail = /^Key \(([^,)]+)/.exec(text(e.detail))?.[1]?.trim().replace(/^"|"$/g, '');
    const constraint = text(e.constraint);
    const fromName =
      table && constraint.startsWith(`${table}_`) && constraint.endsWith('_key')
        ? constraint.slice(table.length + 1, -'_key'.length)
        : '';
    return { table, column: fromDetail || fromName || null };
  }
  return null;
}

/** SQLite result codes (and their extended forms, 'SQLITE_IOERR_WRITE') of a database that cannot write. */
const SQLITE_CANNOT_WRITE = /^SQLITE_(FULL|IOERR|READONLY|BUSY|LOCKED|CANTOPEN)(_|$)/;

/** Node's codes for a connection to PostgreSQL that is gone or never came. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

/**
 * True when the database could not take a write for reasons of its own, not of the data: a full
 * disk or database (SQLITE_FULL, 53100), an I/O error, a read-only file or server (SQLITE_READONLY,
 * 25006 on a standby), a lock held past the busy timeout (SQLITE_BUSY), insufficient resources
 * (class 53), a server starting or stopping (57P01-57P03), or a lost connection (class 08, socket
 * errors, pg's own messages for them).
 */
export function cannotWrite(err: unknown): boolean {
  const e = asDriverError(err);
  if (!e) return false;
  const code = text(e.code);
  if (SQLITE_CANNOT_WRITE.test(code)) return true;
  if (/^(53|08)[0-9A-Z]{3}$/.test(code)) return true;
  if (code === '57P01' || code === '57P02' || code === '57P03' || code === '25006') return true;
  if (CONNECTION_CODES.has(code)) return true;
  // pg and pg-pool report a dropped or refused connection with a message and no code.
  return /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/.test(
    text(e.message),
  );
}

/**
 * db.transaction().execute(), except that a failure throws the error that caused it. When SQLite
 * has already rolled back by itself (it may, on SQLITE_FULL or SQLITE_IOERR), Kysely's ROLLBACK
 * fails with "no transaction is active", and that error would hide the one worth classifying.
 */
export async function inTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  let failed = false;
  let cause: unknown;
  try {
    return await db.transaction().execute(async (trx) => {
      try {
        return await work(trx);
      } catch (err) {
        failed = true;
        cause = err;
        throw err;
      }
    });
  } catch (err) {
    throw failed ? cause : err;
  }
}
