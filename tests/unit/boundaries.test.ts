import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The rooms of src/ and what each may import. A room is a folder under src/ (accounts, media,
 * newsroom, search, demo) or platform/, which serves them all and knows none of them. The files
 * at the top of src/ (app.ts, main.ts, config.ts) put the rooms together and may import anything.
 * Each room's CONTEXT.md says the same in words.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  platform: [],
  accounts: ['platform'],
  media: ['platform', 'accounts'],
  newsroom: ['platform', 'accounts', 'media'],
  search: ['platform', 'newsroom'],
  demo: ['platform', 'media', 'newsroom'],
  subscriptions: ['platform', 'accounts'],
  actions: ['platform', 'accounts'],
  webhooks: ['platform', 'accounts'],
};

/** Where a database dialect may be told apart: the database layer and the search engines. */
const DIALECT_AWARE = ['platform/db/', 'search/'];

const SRC = path.resolve(import.meta.dirname, '../../src');

/** A source file: its path under src/ and its text. */
interface Source {
  from: string;
  text: string;
}

function sourceFiles(dir: string): Source[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    if (!/\.tsx?$/.test(entry.name)) return [];
    return [{ from: path.relative(SRC, full), text: fs.readFileSync(full, 'utf8') }];
  });
}

const roomOf = (relative: string) => (relative.includes('/') ? relative.split('/')[0]! : 'root');

/** Every relative module a file imports, statically or dynamically, as a path under src/. */
function importsOf(file: Source): string[] {
  const specifiers = [...file.text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((s) => path.posix.join(path.posix.dirname(file.from), s));
}

function crossings(files: readonly Source[]): string[] {
  const found = new Set<string>();
  for (const file of files) {
    const { from } = file;
    const room = roomOf(from);
    if (room !== 'root') {
      for (const target of importsOf(file)) {
        const other = roomOf(target);
        if (other === room) continue;
        if (other === 'root' || !MAY_IMPORT[room]?.includes(other)) found.add(`${from} -> ${other}`);
        // Another room is entered by its front door (index.ts); platform's modules are each a door.
        else if (other !== 'platform' && target !== `${other}/index.js`) found.add(`${from} -> ${target}`);
      }
    }
    // dialectOf() is the way to ask; Kysely's adapters are the way around it.
    if (
      /\bdialectOf\(|\b(?:Postgres|Sqlite)Adapter\b/.test(file.text) &&
      !DIALECT_AWARE.some((p) => from.startsWith(p))
    )
      found.add(`dialect: ${from}`);
  }
  return [...found].sort();
}

describe('rooms with clean edges', () => {
  const files = sourceFiles(SRC);

  it('has no import that crosses a room edge, and no dialect branch outside platform/db and search', () => {
    expect(crossings(files)).toEqual([]);
  });

  it('would notice each kind of crossing (the check reads real imports)', () => {
    // The crossings this issue removed, written again: each must be found.
    const crossed: Source[] = [
      {
        from: 'platform/views/components.tsx',
        text: "import type { ImageView } from '../../media/index.js';",
      },
      { from: 'media/service.ts', text: "import { keys } from '../newsroom/index.js';" },
      { from: 'platform/jobs/queue.ts', text: "const picked = dialectOf(db) === 'postgres' ? a : b;" },
      { from: 'newsroom/queries.ts', text: 'if (adapter instanceof PostgresAdapter) return;' },
      { from: 'search/service.ts', text: "const q = await import('../newsroom/queries.js');" },
      { from: 'accounts/policy.ts', text: "import { loadConfig } from '../config.js';" },
    ];
    expect(crossings(crossed)).toEqual([
      'accounts/policy.ts -> root',
      'dialect: newsroom/queries.ts',
      'dialect: platform/jobs/queue.ts',
      'media/service.ts -> newsroom',
      'platform/views/components.tsx -> media',
      'search/service.ts -> newsroom/queries.js',
    ]);
    // app.ts, the composition root, imports every room: if the reader found nothing there it
    // could not find anything anywhere.
    const app = files.find((f) => f.from === 'app.ts')!;
    const rooms = new Set(importsOf(app).map(roomOf));
    for (const room of Object.keys(MAY_IMPORT)) if (room !== 'demo') expect(rooms).toContain(room);
  });

  it('gives every room a CONTEXT.md', () => {
    const missing = Object.keys(MAY_IMPORT).filter(
      (room) => !fs.existsSync(path.join(SRC, room, 'CONTEXT.md')),
    );
    expect(missing).toEqual([]);
  });
});
