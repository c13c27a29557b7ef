import { type Compilable, type CompiledQuery, type Expression, type Kysely, ValueNode } from 'kysely';
import { type Dialect, dialectOf } from './dialect.js';
import { readRows } from './read-rows.js';

/*
 * Building a statement with Kysely's builder and compiling it to text costs more than SQLite takes
 * to run most of a page's statements (about 20 µs a statement, a fifth of a rendered page's CPU:
 * docs/benchmarks.md). A prepared query is built and compiled once per dialect and shape, then
 * run with each call's values bound in place of its slots.
 *
 * The memo's key is derived, never listed by hand: the build function itself, the dialect, and the
 * shape of the values (each list's length, which values are absent). The builder sees each value
 * as an opaque slot (a Kysely expression standing for "this call's value"), so it cannot branch
 * on a value; it sees an absent value (null or undefined) and a list's length as they are, and
 * both are part of the key. A value the text must hold as it is (a LIMIT, see literal-limit.ts) is
 * named in `written`: the builder sees it, and its value is part of the key. Under the tests every
 * call also compiles afresh with its real values and fails if the text differs, so a builder that
 * does branch is caught there.
 */

type Scalar = string | number | boolean | bigint;
type Value = Scalar | null | undefined | readonly Scalar[];
type Values = Record<string, Value>;

/**
 * What the builder sees for a value: a slot of the value's type, or the absent value itself; the
 * value itself for those named in `W` (written into the text).
 */
export type Slots<V extends Values, W extends keyof V = never> = {
  readonly [K in keyof V]: K extends W
    ? V[K]
    : V[K] extends readonly (infer E)[]
      ? readonly Expression<E>[]
      : Expression<Exclude<V[K], null | undefined>> | Extract<V[K], null | undefined>;
};

class Slot<T> implements Expression<T> {
  constructor(
    readonly name: string,
    readonly index: number | undefined,
  ) {}

  get expressionType(): T | undefined {
    return undefined;
  }

  toOperationNode() {
    return ValueNode.create(this);
  }
}

/** Where each bound value of the text comes from: a slot of the call, or a constant of the text. */
type Source = { slot: Slot<unknown> } | { constant: unknown };

interface Prepared {
  compiled: CompiledQuery;
  sources: Source[];
}

const CHECK_AGAINST_FRESH_COMPILE = process.env.VITEST === 'true';
/** Shapes per builder are a handful (list lengths); the bound keeps a mistake from growing without end. */
const MAX_SHAPES = 100;

const byBuilder = new WeakMap<object, Map<string, Prepared>>();

function shapeOf(values: Values, dialect: Dialect, written: ReadonlySet<PropertyKey>): string {
  let key = dialect;
  for (const name of Object.keys(values).sort()) {
    const v = values[name];
    key += written.has(name)
      ? `|${name}=${JSON.stringify(v)}`
      : `|${name}:${Array.isArray(v) ? v.length : v === null ? 'null' : v === undefined ? 'undef' : 'v'}`;
  }
  return key;
}

function slotsFor<V extends Values, W extends keyof V>(
  values: V,
  written: ReadonlySet<PropertyKey>,
): Slots<V, W> {
  const slots: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(values)) {
    slots[name] = written.has(name)
      ? v
      : Array.isArray(v)
        ? v.map((_, i) => new Slot(name, i))
        : v === null || v === undefined
          ? v
          : new Slot(name, undefined);
  }
  return slots as Slots<V, W>;
}

function boundValue(values: Values, slot: Slot<unknown>): unknown {
  const v = values[slot.name];
  return slot.index === undefined ? v : (v as readonly Scalar[])[slot.index];
}

function prepare<DB, V extends Values, W extends keyof V, R>(
  db: Kysely<DB>,
  build: (db: Kysely<DB>, slots: Slots<V, W>) => Compilable<R>,
  values: V,
  written: ReadonlySet<PropertyKey>,
): Prepared {
  let shapes = byBuilder.get(build);
  if (!shapes) {
    shapes = new Map();
    byBuilder.set(build, shapes);
  }
  const shape = shapeOf(values, dialectOf(db), written);
  let prepared = shapes.get(shape);
  if (!prepared) {
    const compiled = build(db, slotsFor<V, W>(values, written)).compile();
    const sources = compiled.parameters.map(
      (p): Source => (p instanceof Slot ? { slot: p } : { constant: p }),
    );
    prepared = { compiled, sources };
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(shape, prepared);
  }
  return prepared;
}

/**
 * A statement compiled once per dialect and shape of its values, then run with each call's values:
 * `const find = preparedQuery((db, v: Slots<{ slug: string }>) => db.selectFrom('countries')
 * .selectAll().where('slug', '=', v.slug))`, then `await find(db, { slug })`. The builder must
 * not look at the values (it cannot: they are slots); what it may see, absence and list lengths,
 * is part of the key. Values named in `written` are handed to the builder as they are, and each
 * value of theirs is a shape of its own (a page size: a handful).
 */
export function preparedQuery<DB, V extends Values, R, W extends keyof V = never>(
  build: (db: Kysely<DB>, slots: Slots<V, W>) => Compilable<R>,
  written: readonly W[] = [],
): (db: Kysely<DB>, values: V) => Promise<R[]> {
  const writtenNames: ReadonlySet<PropertyKey> = new Set(written);
  return async (db, values) => {
    const { compiled, sources } = prepare(db, build, values, writtenNames);
    const parameters = sources.map((s) => ('slot' in s ? boundValue(values, s.slot) : s.constant));
    if (CHECK_AGAINST_FRESH_COMPILE) checkAgainstFreshCompile(db, build, values, compiled.sql, parameters);
    return readRows(db, { ...compiled, parameters } as CompiledQuery<R>);
  };
}

function checkAgainstFreshCompile<DB, V extends Values, W extends keyof V, R>(
  db: Kysely<DB>,
  build: (db: Kysely<DB>, slots: Slots<V, W>) => Compilable<R>,
  values: V,
  text: string,
  parameters: unknown[],
): void {
  // The builder is typed for slots; a fresh compile hands it the values themselves, which Kysely
  // accepts wherever it accepts a slot (both are values to bind).
  const fresh = build(db, values as unknown as Slots<V, W>).compile();
  const same =
    fresh.sql === text &&
    fresh.parameters.length === parameters.length &&
    fresh.parameters.every((p, i) => Object.is(p, parameters[i]));
  if (!same) {
    throw new Error(
      `preparedQuery: the builder's text depends on a value it should treat as a slot\n prepared: ${text}\n fresh:    ${fresh.sql}`,
    );
  }
}
