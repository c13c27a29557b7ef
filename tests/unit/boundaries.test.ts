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
};

/** Where a database dialect may be told apart: the database layer and the search engines. */
const DIALECT_AWARE = ['platform/db/', 'search/'];

/**
 * Crossings that exist today and are to go (issue 11, "rooms with clean edges"). The list may only
 * shrink: a crossing not listed fails, and so does a listed one that no longer exists.
 */
const KNOWN: ReadonlySet<string> = new Set([
  // A picture's view model belongs to media; the shared component should take a plain shape.
  'platform/views/components.tsx -> media',
  // A changed picture purges the pages that show it by the newsroom's content keys; media should
  // say `media:<id>` and let the newsroom map it to the pages.
  'media/service.ts -> newsroom',
  'dialect: platform/jobs/queue.ts',
]);

const SRC = path.resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const roomOf = (relative: string) => (relative.includes('/') ? relative.split('/')[0]! : 'root');

/** Every relative module a file imports, statically or dynamically, resolved against src/. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((s) => path.relative(SRC, path.resolve(path.dirname(file), s)));
}

function crossings(): string[] {
  const found = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    const from = path.relative(SRC, file);
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
    const text = fs.readFileSync(file, 'utf8');
    if (/\bdialectOf\(/.test(text) && !DIALECT_AWARE.some((p) => from.startsWith(p)))
      found.add(`dialect: ${from}`);
  }
  return [...found].sort();
}

describe('rooms with clean edges', () => {
  const found = crossings();

  it('has no import that crosses a room edge, except the known ones being removed', () => {
    expect(found.filter((c) => !KNOWN.has(c))).toEqual([]);
  });

  it('lists no known crossing that is already gone', () => {
    expect([...KNOWN].filter((c) => !found.includes(c))).toEqual([]);
  });

  it('would notice a crossing (the check reads real imports)', () => {
    // app.ts, the composition root, imports every room: if the reader found nothing there it
    // could not find anything anywhere.
    const rooms = new Set(importsOf(path.join(SRC, 'app.ts')).map(roomOf));
    for (const room of Object.keys(MAY_IMPORT)) if (room !== 'demo') expect(rooms).toContain(room);
  });

  it('gives every room a CONTEXT.md', () => {
    const missing = Object.keys(MAY_IMPORT).filter(
      (room) => !fs.existsSync(path.join(SRC, room, 'CONTEXT.md')),
    );
    expect(missing).toEqual([]);
  });
});
