import {
  type LimitNode,
  type RawBuilder,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteQueryCompiler,
  sql,
  ValueNode,
} from 'kysely';

/*
 * SQLite (3.53, as better-sqlite3 12 builds it) lets the value of a bound LIMIT steer its query
 * planner, so a statement whose LIMIT is a parameter is compiled again on every run, as if the
 * schema had changed: on the country page that was three of its statements, the listing's among
 * them, re-prepared on every request. A bound OFFSET does not do this. So limits are written into
 * the SQL text: a limit is a page size or a small constant, a handful of values, and each text is
 * prepared once and kept (connect.ts). Offsets stay parameters (a page number is any number).
 */

/** A LIMIT for a hand-written statement: `limit ${literalLimit(n)} offset ${offset}`. */
export function literalLimit(n: number): RawBuilder<number> {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`A limit must be a whole number ≥ 0, not ${n}`);
  return sql.lit(n);
}

/** Kysely's `.limit(n)` written as text on SQLite when n is a whole number. */
class LiteralLimitCompiler extends SqliteQueryCompiler {
  protected override visitLimit(node: LimitNode): void {
    const value = ValueNode.is(node.limit) ? node.limit.value : undefined;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
      this.append(`limit ${value}`);
      return;
    }
    super.visitLimit(node);
  }
}

export class LiteralLimitSqliteDialect extends SqliteDialect {
  constructor(config: SqliteDialectConfig) {
    super(config);
  }

  override createQueryCompiler() {
    return new LiteralLimitCompiler();
  }
}
