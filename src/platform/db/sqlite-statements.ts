import type BetterSqlite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/*
 * The SQLite connection Kysely's driver is given: statements prepared once and kept, and the
 * reads of one turn of the event loop in one read transaction.
 *
 * Kysely prepares every query afresh; better-sqlite3 statements can be reused, and preparing costs
 * more than running a typical page query. The set of distinct SQL texts is small and bounded.
 *
 * A statement run outside a transaction is a transaction of its own: in WAL mode each takes and
 * drops the read lock on the shared memory and checks the file (two fcntl calls and an fstat,
 * about 5 µs), more than a lookup by key costs. A page runs its reads together, one after another
 * in the same turn (a country page nine of them), so the first read of a turn opens a read
 * transaction and the turn's end (setImmediate) commits it. Those reads see one snapshot, as if
 * they had run at its first: never older than what a request could have read when it began. A
 * statement that writes, or may change the connection (a pragma, `begin`, a savepoint), first
 * commits that read transaction and then runs as it always did; a read inside the caller's own
 * transaction is left alone.
 */

/** Reads that may share the turn's snapshot: a plain query that writes nothing. */
const PLAIN_READ = /^\s*(?:select|with)\b/i;
const PRAGMA = /^\s*pragma\b/i;

/**
 * The SQLite connection as Kysely's driver wants it, and `readNow`: a plain read run at once, or
 * `undefined` when it must wait its turn behind a transaction (see `readNowOf`).
 */
export interface SqliteStatements extends SqliteDatabase {
  readNow(sqlText: string, parameters: readonly unknown[]): unknown[] | undefined;
}

export function sqliteStatements(raw: BetterSqlite.Database): SqliteStatements {
  type Wrapped = SqliteStatement & { shared: boolean };
  const statements = new Map<string, Wrapped>();
  const begin = raw.prepare('begin');
  const commit = raw.prepare('commit');
  let snapshotOpen = false;

  const endSnapshot = () => {
    if (!snapshotOpen) return;
    snapshotOpen = false;
    // A statement of the turn may have failed the transaction and SQLite rolled it back itself.
    if (raw.inTransaction) commit.run();
  };

  const beforeRead = () => {
    if (raw.inTransaction) return;
    begin.run();
    snapshotOpen = true;
    setImmediate(endSnapshot);
  };

  const wrap = (sqlText: string, statement: BetterSqlite.Statement): Wrapped => {
    const shared = statement.reader && statement.readonly && PLAIN_READ.test(sqlText);
    return {
      shared,
      reader: statement.reader,
      all: (parameters) => {
        if (shared) beforeRead();
        else endSnapshot();
        return statement.all(parameters);
      },
      run: (parameters) => {
        endSnapshot();
        return statement.run(parameters);
      },
      // A stream may outlive the turn: it keeps a transaction of its own, as every statement did.
      iterate: (parameters) => {
        endSnapshot();
        return statement.iterate(parameters);
      },
    };
  };

  const prepare = (sqlText: string): Wrapped => {
    let statement = statements.get(sqlText);
    if (statement) return statement;
    // A pragma acts when it is prepared, and not at all inside a transaction (foreign_keys):
    // prepared after the turn's snapshot is closed, and afresh each time.
    if (PRAGMA.test(sqlText)) {
      endSnapshot();
      return wrap(sqlText, raw.prepare(sqlText));
    }
    if (statements.size >= 1000) statements.clear();
    statement = wrap(sqlText, raw.prepare(sqlText));
    statements.set(sqlText, statement);
    return statement;
  };

  return {
    prepare,
    readNow(sqlText, parameters) {
      // A transaction of Kysely's holds the one connection across its awaits: a read from
      // elsewhere waits for it (through Kysely's mutex) rather than read its uncommitted rows.
      if (raw.inTransaction && !snapshotOpen) return undefined;
      const statement = prepare(sqlText);
      return statement.shared ? statement.all(parameters) : undefined;
    },
    close: () => {
      endSnapshot();
      raw.close();
    },
  };
}

const readsOf = new WeakMap<object, SqliteStatements['readNow']>();

/** Lets `readNowOf(db)` find the connection of a Kysely instance over SQLite (connect.ts). */
export function registerReadNow(db: object, statements: SqliteStatements): void {
  readsOf.set(db, statements.readNow);
}

/**
 * How to run a plain read on `db` at once, without Kysely's executor: on SQLite only, and only on
 * the database itself (a transaction's Kysely instance is not registered, so its reads take the
 * usual way). Kysely's way for one statement on SQLite is about 25 promises (its connection
 * provider, driver, mutex and result plugins), each paid again for AsyncLocalStorage's hooks; a
 * rendered country page ran 8 statements that way, 200 of its 237 promises.
 */
export function readNowOf(db: object): SqliteStatements['readNow'] | undefined {
  return readsOf.get(db);
}
