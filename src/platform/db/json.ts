import { type Expression, type RawBuilder, sql } from 'kysely';
import type { Db } from './connect.js';
import { type Dialect, dialectOf } from './dialect.js';

/**
 * JSON built by the database, for read paths that want a page of rows with their related rows in
 * one statement. On SQLite, better-sqlite3 spends about half a microsecond turning each value of
 * a row into JavaScript, more than the query itself; one JSON text per statement is parsed by
 * V8 in a fraction of that. On PostgreSQL it saves the round trips of one query per relation.
 */
export interface JsonSql {
  /** An object of these columns (`json_object` / `json_build_object`). */
  object(fields: Record<string, Expression<unknown>>): RawBuilder<unknown>;
  /**
   * An array of `value` over the rows of the enclosing query, `[]` when there are none, in no
   * promised order: sort in JavaScript (an ORDER BY inside the aggregate makes SQLite build a
   * temporary B-tree for every array, a fifth of a listing's time).
   */
  array(value: Expression<unknown>): RawBuilder<unknown>;
  /** A timestamp as the same ISO-8601 UTC text Candle reads from either database elsewhere. */
  timestamp(column: Expression<unknown>): RawBuilder<unknown>;
}

function pairs(fields: Record<string, Expression<unknown>>) {
  return sql.join(Object.entries(fields).map(([name, value]) => sql`${sql.lit(name)}, ${value}`));
}

const sqliteJson: JsonSql = {
  object: (fields) => sql`json_object(${pairs(fields)})`,
  array: (value) => sql`json_group_array(${value})`,
  timestamp: (column) => sql`${column}`,
};

const postgresJson: JsonSql = {
  object: (fields) => sql`json_build_object(${pairs(fields)})`,
  array: (value) => sql`coalesce(json_agg(${value}), '[]'::json)`,
  // The pg type parser gives Date#toISOString() text for timestamptz; JSON must match it.
  timestamp: (column) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
};

export function jsonSql(db: Db): JsonSql {
  return dialectOf(db) === 'postgres' ? postgresJson : sqliteJson;
}

/** SQLite hands JSON back as text, pg as parsed values; either way the caller gets values. */
export function fromJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

const fixedTexts = new WeakMap<(j: JsonSql) => RawBuilder<unknown>, Map<Dialect, RawBuilder<unknown>>>();

/**
 * A fragment of SQL that depends on nothing but the dialect (the JSON shape of a listed item, with
 * its columns and subqueries), compiled to text once per dialect and then used as that text.
 * Building and compiling the same shape as Kysely nodes on every request cost more than running
 * the statement (docs/benchmarks.md). The key is the builder function itself and the dialect, its
 * only inputs; a fragment that would carry a value is refused, since a value belongs to a request.
 */
export function fixedSql(db: Db, build: (j: JsonSql) => RawBuilder<unknown>): RawBuilder<unknown> {
  const dialect = dialectOf(db);
  let texts = fixedTexts.get(build);
  if (!texts) {
    texts = new Map();
    fixedTexts.set(build, texts);
  }
  let fragment = texts.get(dialect);
  if (!fragment) {
    const compiled = build(jsonSql(db)).compile(db);
    if (compiled.parameters.length > 0) {
      throw new Error('fixedSql: a fixed fragment cannot carry values; pass them to the statement');
    }
    fragment = sql.raw(compiled.sql);
    texts.set(dialect, fragment);
  }
  return fragment;
}
