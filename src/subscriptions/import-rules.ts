import { createHash } from 'node:crypto';
import { SUBSCRIBER_FREQUENCIES, type SubscriberFrequency } from '../platform/db/index.js';
import { t } from '../platform/i18n/index.js';
import {
  type Follow,
  type FollowTarget,
  followValue,
  LANGUAGES,
  subscribeFormSchema,
  TARGET_KINDS,
  type TargetKind,
  type Wording,
} from './rules.js';

/**
 * The pure rules of importing subscribers from a CSV file (issue 12, item 7): reading the file,
 * and checking each row on its own. What needs the database (an address already subscribed or on
 * the suppression list) is `import.ts`'s.
 */

/** The largest file accepted: 10 MB holds 50,000 rows with a long consent wording on each. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** Rows of subscribers in one file, the header not counted: a larger list is split by the operator. */
export const MAX_IMPORT_ROWS = 50_000;
const MAX_COLUMNS = 50;
const MAX_WORDING = 5000;
const MAX_SOURCE = 500;

/** Without these a row cannot prove consent, so the file is refused. */
export const REQUIRED_COLUMNS = ['email', 'consent_source', 'consent_date', 'consent_wording'] as const;
/** Read when present; any other column (say, those of Candle's own export) is ignored. */
export const OPTIONAL_COLUMNS = ['name', 'language', 'frequency', 'follows'] as const;

export type FileProblem =
  | { kind: 'not-text' }
  | { kind: 'empty' }
  | { kind: 'malformed'; row: number }
  | { kind: 'too-many-rows' }
  | { kind: 'too-many-columns' }
  | { kind: 'header'; missing: string[]; duplicate: string[] };

export function fileProblemText(problem: FileProblem): string {
  switch (problem.kind) {
    case 'not-text':
      return t('subscribers.import.error.notText');
    case 'empty':
      return t('subscribers.import.error.empty');
    case 'malformed':
      return t('subscribers.import.error.malformed', { row: problem.row });
    case 'too-many-rows':
      return t('subscribers.import.error.tooManyRows', { max: MAX_IMPORT_ROWS.toLocaleString('en') });
    case 'too-many-columns':
      return t('subscribers.import.error.tooManyColumns', { max: MAX_COLUMNS });
    case 'header':
      return problem.missing.length > 0
        ? t('subscribers.import.error.header', { missing: problem.missing.join(', ') })
        : t('subscribers.import.error.duplicateHeader', { columns: problem.duplicate.join(', ') });
  }
}

/**
 * Records of an RFC 4180 file: quoted cells may hold commas, doubled quotes and line breaks;
 * CRLF or LF end a record. Stops (too-many-rows) once more records than allowed are read, so a
 * huge file is not parsed to its end. A quote left open is a malformed file.
 */
export function parseCsv(
  text: string,
  maxRecords: number,
): { ok: true; records: string[][] } | { ok: false; problem: FileProblem } {
  const records: string[][] = [];
  const malformed = () => ({
    ok: false as const,
    problem: { kind: 'malformed' as const, row: records.length + 1 },
  });
  // Whole runs of plain text are sliced at once: a 50,000-row file is read in well under a second.
  const special = /[,\r\n"]/g;
  const length = text.length;
  let record: string[] = [];
  /** Whether the record had a quoted cell: `""` alone on a line is a record of one empty cell. */
  let hadQuote = false;
  let i = 0;
  while (i < length) {
    let cell: string;
    if (text[i] === '"') {
      hadQuote = true;
      cell = '';
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) return malformed();
        cell += text.slice(from, quote);
        if (text[quote + 1] === '"') {
          cell += '"';
          from = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      if (i < length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') return malformed();
    } else {
      special.lastIndex = i;
      const found = special.exec(text);
      const end = found ? found.index : length;
      // A quote in the middle of an unquoted cell: not RFC 4180, and ambiguous; refused.
      if (found?.[0] === '"') return malformed();
      cell = text.slice(i, end);
      i = end;
    }
    record.push(cell);
    if (record.length > MAX_COLUMNS) return { ok: false, problem: { kind: 'too-many-columns' } };
    const next = text[i];
    if (next === ',') {
      i++;
      // A comma at the very end: one more empty cell.
      if (i === length) record.push('');
      continue;
    }
    // The end of a record: CRLF, LF, a lone CR, or the end of the file.
    if (next === '\r' && text[i + 1] === '\n') i++;
    i++;
    // A blank line (a single empty cell) is no record: spreadsheets leave them at the end.
    if (hadQuote || !(record.length === 1 && record[0] === '')) records.push(record);
    if (records.length > maxRecords) return { ok: false, problem: { kind: 'too-many-rows' } };
    record = [];
    hadQuote = false;
  }
  if (record.length > 0) records.push(record);
  return { ok: true, records };
}

/**
 * Undoes `csv.ts`'s guard against formulas ('=…' written as "'=…"), so that Candle's own export
 * reads back as it was.
 */
function unguard(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

export interface ImportedSubscriber {
  email: string;
  name: string | null;
  language: string;
  frequency: SubscriberFrequency;
  follows: Follow[];
  consent: { source: string; date: string; wording: Wording };
}

/** One data row, checked. `row` counts as a spreadsheet does: the header is row 1. */
export type RowCheck =
  | { row: number; ok: true; subscriber: ImportedSubscriber }
  | { row: number; ok: false; email: string; reason: string };

/** Reads an uploaded file to its rows, each checked alone; a problem with the file as a whole refuses it. */
export function readImportFile(
  bytes: Uint8Array,
  targets: readonly FollowTarget[],
  now: Date,
): { ok: true; rows: RowCheck[] } | { ok: false; problem: FileProblem } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, problem: { kind: 'not-text' } };
  }
  // A NUL is in no text file: an image or a spreadsheet's own format renamed .csv.
  if (text.includes('\u0000')) return { ok: false, problem: { kind: 'not-text' } };
  const parsed = parseCsv(text, MAX_IMPORT_ROWS + 1);
  if (!parsed.ok) return parsed;
  const [header, ...data] = parsed.records;
  if (!header) return { ok: false, problem: { kind: 'empty' } };
  const names = header.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  const known: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];
  const duplicate = [...new Set(names.filter((n, i) => known.includes(n) && names.indexOf(n) !== i))];
  if (missing.length > 0 || duplicate.length > 0)
    return { ok: false, problem: { kind: 'header', missing, duplicate } };
  if (data.length === 0) return { ok: false, problem: { kind: 'empty' } };
  const index = new Map(names.map((n, i) => [n, i]));
  const rows = data.map((cells, i) => {
    const cell = (name: string) => {
      const at = index.get(name);
      return at === undefined ? '' : unguard(cells[at] ?? '');
    };
    return checkRow(i + 2, cell, targets, now);
  });
  return { ok: true, rows };
}

const bySlug = (targets: readonly FollowTarget[]) =>
  new Map<string, FollowTarget>(targets.map((x) => [`${x.kind}:${x.slug}`, x]));

// Control characters (CR, LF among them) in a source or wording would write into mail or headers.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * One row's rules. The address and the name go through the sign-up form's own checks
 * (`subscribeFormSchema`: trimmed, no control characters that could write a mail header, a valid
 * address of at most 254 characters, normalised), so an import is held to what a person can type.
 */
export function checkRow(
  row: number,
  cell: (name: string) => string,
  targets: readonly FollowTarget[],
  now: Date,
): RowCheck {
  const raw = cell('email');
  const refuse = (reason: string): RowCheck => ({
    row,
    ok: false,
    email: raw.trim().slice(0, 254),
    reason,
  });
  const shape = formShape();
  const email = shape.email.safeParse(raw);
  if (!email.success) return refuse(t('subscribers.import.row.email'));
  const name = shape.name.safeParse(cell('name'));
  if (!name.success) return refuse(t('subscribers.import.row.name'));
  const language = cell('language').trim().toLowerCase() || 'en';
  if (!LANGUAGES.some((l) => l.code === language)) return refuse(t('subscribers.import.row.language'));
  const frequency = (cell('frequency').trim().toLowerCase() || 'each') as SubscriberFrequency;
  if (!SUBSCRIBER_FREQUENCIES.includes(frequency)) return refuse(t('subscribers.import.row.frequency'));

  const source = cell('consent_source').trim();
  const date = cell('consent_date').trim();
  const wordingText = cell('consent_wording').trim();
  if (!source) return refuse(t('subscribers.import.row.noSource'));
  if (!date) return refuse(t('subscribers.import.row.noDate'));
  if (!wordingText) return refuse(t('subscribers.import.row.noWording'));
  if (source.length > MAX_SOURCE || CONTROL.test(source)) return refuse(t('subscribers.import.row.source'));
  if (wordingText.length > MAX_WORDING || CONTROL.test(wordingText))
    return refuse(t('subscribers.import.row.wording'));
  const consentDate = consentDateOf(date, now);
  if (!consentDate) return refuse(t('subscribers.import.row.date'));

  const follows = followsOf(cell('follows'), targets);
  if (!follows.ok) return refuse(follows.reason);

  const text = wordingText.normalize('NFC');
  return {
    row,
    ok: true,
    subscriber: {
      email: email.data,
      name: name.data,
      language,
      frequency,
      follows: follows.follows,
      consent: {
        source,
        date: consentDate,
        wording: { language, text, hash: createHash('sha256').update(text, 'utf8').digest('hex') },
      },
    },
  };
}

let shape: ReturnType<typeof subscribeFormSchema>['shape'] | undefined;
/** The form's fields, made once: building the schema for each of 50,000 rows took seconds. */
function formShape() {
  shape ??= subscribeFormSchema().shape;
  return shape;
}

/** `2024-03-05` or an ISO date and time with its zone; never after today. */
function consentDateOf(value: string, now: Date): string | null {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value)) return null;
  const time = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(time)) return null;
  const when = new Date(time);
  // 2024-02-30 parses in some engines as March 1st: the date must read back as written.
  if (value.length === 10 && when.toISOString().slice(0, 10) !== value) return null;
  if (time > now.getTime() || when.getUTCFullYear() < 1990) return null;
  return when.toISOString();
}

/** `country:mexico topic:human-rights-defenders` or `everything`, separated by spaces or semicolons. */
export function followsOf(
  value: string,
  targets: readonly FollowTarget[],
): { ok: true; follows: Follow[] } | { ok: false; reason: string } {
  const words = value
    .split(/[\s;]+/)
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  if (words.length === 0) return { ok: false, reason: t('subscribers.import.row.noFollows') };
  if (words.length > 200) return { ok: false, reason: t('subscribers.import.row.follows') };
  const slugs = bySlug(targets);
  const out = new Map<string, Follow>();
  for (const word of words) {
    if (word === 'everything') {
      out.set('everything', { kind: 'everything', targetId: 0 });
      continue;
    }
    const [kind, slug] = word.split(':', 2);
    const target =
      kind && slug && (TARGET_KINDS as readonly string[]).includes(kind) ? slugs.get(word) : undefined;
    if (!target)
      return { ok: false, reason: t('subscribers.import.row.unknownFollow', { follow: word.slice(0, 80) }) };
    const follow = { kind: target.kind as TargetKind, targetId: target.id };
    out.set(followValue(follow), follow);
  }
  return { ok: true, follows: [...out.values()] };
}

/** A follow as the import and export write it: `country:mexico`, or `everything`. */
export function followSlug(follow: Follow, targets: readonly FollowTarget[]): string {
  if (follow.kind === 'everything') return 'everything';
  const target = targets.find((x) => x.kind === follow.kind && x.id === follow.targetId);
  return target ? `${target.kind}:${target.slug}` : `${follow.kind}:#${follow.targetId}`;
}
