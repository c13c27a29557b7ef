import { inflateSync } from 'node:zlib';

/**
 * A PDF's page count and title, read at upload for the media library and for download links.
 *
 * This is not a PDF reader: it finds the objects (`12 0 obj`), including those packed into
 * compressed object streams (PDF 1.5+), takes the trailer's /Root and /Info (the last one in the
 * file, as incremental updates append), walks the page tree from the catalogue and reads
 * /Title. Objects are located by scanning rather than through the cross-reference table, as
 * readers do when repairing a file: offsets in uploaded PDFs are often wrong, and a scan copes.
 *
 * It never throws: anything unreadable makes the page count null and the title empty. Work is
 * bounded (nesting depth, objects visited, bytes inflated), so a hostile file cannot make it hang
 * or take much memory beyond the upload itself.
 */
export interface PdfDetails {
  /** Pages found by walking the page tree; null when the tree cannot be read. */
  pageCount: number | null;
  /** The document information dictionary's /Title, as plain text; '' when absent or unreadable. */
  title: string;
}

const UNKNOWN: PdfDetails = { pageCount: null, title: '' };

/** Longer titles are cut: they are shown in lists and download links. */
export const MAX_TITLE_LENGTH = 300;
const MAX_DEPTH = 64;
const MAX_PAGE_NODES = 200_000;
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;
const MAX_OBJECT_STREAMS = 10_000;
/** Longer strings are not read (a title is short); it also bounds the work of one unclosed string. */
const MAX_STRING = 1024 * 1024;
/** More objects than a 25 MB file can sensibly hold: beyond this the file is not worth indexing. */
const MAX_OBJECTS = 500_000;
/**
 * Values and string characters read in all, for one file. A real document needs a few thousand
 * (trailer, catalogue, page tree); a crafted one could otherwise have each of many trailers parse
 * to the end of the file.
 */
const MAX_WORK = 4_000_000;

export function readPdfDetails(bytes: Uint8Array): PdfDetails {
  try {
    const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return new PdfFile(file).details();
  } catch {
    return UNKNOWN;
  }
}

// ——— Values ———

class Name {
  constructor(readonly value: string) {}
}
class Ref {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}
/** A string's bytes, one per character (latin1). */
class Str {
  constructor(readonly bytes: string) {}
}
type Dict = Map<string, PdfValue>;
type PdfValue = number | boolean | null | Name | Ref | Str | Dict | PdfValue[] | { keyword: string };

const isDict = (v: PdfValue | undefined): v is Dict => v instanceof Map;

class PdfSyntaxError extends Error {}
/** Thrown when a file needs more work than MAX_WORK: it ends the reading, not just one value. */
class TooMuchWork extends Error {}

class Budget {
  private left = MAX_WORK;
  spend(units: number): void {
    this.left -= units;
    if (this.left < 0) throw new TooMuchWork();
  }
}

/** Turns a value that cannot be read into undefined; running out of budget still ends the reading. */
function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (err instanceof TooMuchWork) throw err;
    return undefined;
  }
}

const isSpace = (c: number) =>
  c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const isDelimiter = (c: number) =>
  c === 0x2f ||
  c === 0x3c ||
  c === 0x3e ||
  c === 0x5b ||
  c === 0x5d ||
  c === 0x28 ||
  c === 0x29 ||
  c === 0x25 ||
  c === 0x7b ||
  c === 0x7d;
/** NaN (past the end) is not regular: a word stops there. */
const isRegular = (c: number) => !Number.isNaN(c) && !isSpace(c) && !isDelimiter(c);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const END_OF_LINE = /[\r\n]/g;

/** Reads one value at a time from a text of latin1 characters (the file, or an object stream). */
class Lexer {
  pos: number;
  constructor(
    readonly text: string,
    pos: number,
    private readonly budget: Budget,
  ) {
    this.pos = pos;
  }

  skipSpace(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (isSpace(c)) this.pos++;
      else if (c === 0x25) {
        // A comment runs to the end of the line; found natively, and paid for, as it may be long.
        END_OF_LINE.lastIndex = this.pos;
        const end = END_OF_LINE.exec(t)?.index ?? t.length;
        this.budget.spend(end - this.pos);
        this.pos = end;
      } else return;
    }
  }

  value(depth = 0): PdfValue {
    if (depth > MAX_DEPTH) throw new PdfSyntaxError('nested too deeply');
    this.budget.spend(1);
    this.skipSpace();
    if (this.pos >= this.text.length) throw new PdfSyntaxError('unexpected end');
    const c = this.text[this.pos];
    if (c === '<' && this.text[this.pos + 1] === '<') return this.dict(depth);
    if (c === '<') return this.hexString();
    if (c === '(') return this.literalString();
    if (c === '[') return this.array(depth);
    if (c === '/') return this.name();
    if (c === '+' || c === '-' || c === '.' || (c !== undefined && c >= '0' && c <= '9'))
      return this.number();
    const word = this.word();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    if (word === '') throw new PdfSyntaxError(`unexpected ${JSON.stringify(c)}`);
    return { keyword: word };
  }

  private word(): string {
    const start = this.pos;
    while (isRegular(this.text.charCodeAt(this.pos))) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private dict(depth: number): Dict {
    this.pos += 2;
    const out: Dict = new Map();
    for (;;) {
      this.skipSpace();
      if (this.text.startsWith('>>', this.pos)) {
        this.pos += 2;
        return out;
      }
      const key = this.value(depth + 1);
      if (!(key instanceof Name)) throw new PdfSyntaxError('dictionary key is not a name');
      out.set(key.value, this.value(depth + 1));
    }
  }

  private array(depth: number): PdfValue[] {
    this.pos++;
    const out: PdfValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return out;
      }
      out.push(this.value(depth + 1));
    }
  }

  private name(): Name {
    this.pos++;
    // #xx is a byte written in hexadecimal (PDF 1.2+).
    return new Name(
      this.word().replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    );
  }

  /** A number, or an indirect reference `12 0 R` when an integer is followed by another and R. */
  private number(): number | Ref {
    const start = this.pos;
    const raw = this.word();
    const n = Number(raw);
    if (!Number.isFinite(n)) {
      // Malformed numbers ("--5", "1.2.3") are read as 0, as readers do.
      if (!/^[+\-.\d]+$/.test(raw)) throw new PdfSyntaxError(`bad number at ${start}`);
      return 0;
    }
    return this.refAfter(raw) ?? n;
  }

  /** `12 0 R`: a reference, when a plain integer is followed by another and R; else null. */
  private refAfter(raw: string): Ref | null {
    const t = this.text;
    for (let k = 0; k < raw.length; k++) if (!isDigit(raw.charCodeAt(k))) return null;
    let i = this.pos;
    if (!isSpace(t.charCodeAt(i))) return null;
    while (isSpace(t.charCodeAt(i))) i++;
    const genStart = i;
    while (isDigit(t.charCodeAt(i)) && i - genStart < 6) i++;
    if (i === genStart || !isSpace(t.charCodeAt(i))) return null;
    const gen = Number(t.slice(genStart, i));
    while (isSpace(t.charCodeAt(i))) i++;
    if (t.charCodeAt(i) !== 0x52 || isRegular(t.charCodeAt(i + 1))) return null;
    this.pos = i + 1;
    return new Ref(Number(raw), gen);
  }

  private hexString(): Str {
    const end = this.text.indexOf('>', this.pos);
    if (end < 0) throw new PdfSyntaxError('unterminated hex string');
    let digits = this.text.slice(this.pos + 1, end).replace(/[\0\t\n\f\r ]/g, '');
    if (!/^[0-9a-fA-F]*$/.test(digits)) throw new PdfSyntaxError('bad hex string');
    if (digits.length % 2) digits += '0';
    this.budget.spend(end - this.pos);
    this.pos = end + 1;
    return new Str(Buffer.from(digits, 'hex').toString('latin1'));
  }

  private literalString(): Str {
    const t = this.text;
    // The end first, without building anything: an unclosed string costs at most MAX_STRING.
    let nesting = 1;
    let end = this.pos + 1;
    const limit = Math.min(t.length, this.pos + 1 + MAX_STRING);
    for (; end < limit; end++) {
      const c = t.charCodeAt(end);
      if (c === 0x5c) end++;
      else if (c === 0x28) nesting++;
      else if (c === 0x29 && --nesting === 0) break;
    }
    this.budget.spend(end - this.pos);
    if (nesting !== 0) throw new PdfSyntaxError('unterminated or overlong string');
    const raw = t.slice(this.pos + 1, end);
    this.pos = end + 1;
    return new Str(unescapeLiteral(raw));
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

/** The bytes a literal string stands for (ISO 32000-1, 7.3.4.2), from its text between the parentheses. */
function unescapeLiteral(raw: string): string {
  return raw.replace(
    /\\(\r\n?|\n)|\\([0-7]{1,3})|\\(.)|\r\n?/gs,
    (_whole, eol?: string, octal?: string, other?: string) => {
      // A backslash at the end of a line continues the string on the next line.
      if (eol !== undefined) return '';
      if (octal !== undefined) return String.fromCharCode(parseInt(octal, 8) & 0xff);
      if (other !== undefined) return SIMPLE_ESCAPES[other] ?? other;
      // An end of line in a string is a line feed, whichever way the file wrote it.
      return '\n';
    },
  );
}

// ——— Objects ———

/** An object packed in an object stream: where its value starts in the stream's decoded text. */
interface Packed {
  text: string;
  pos: number;
  /** Offset in the file of its object stream: the later of two definitions wins. */
  at: number;
}

const OBJECT_HEADER =
  /(?<![0-9])(\d{1,10})[\0\t\n\f\r ]+(\d{1,5})[\0\t\n\f\r ]+obj(?![^\0\t\n\f\r ()<>[\]{}/%])/g;
/** The same, matched only exactly where an object is known to start. */
const OBJECT_HEADER_AT = new RegExp(OBJECT_HEADER.source, 'y');

/** The offset just after the header of the object starting at `at`, or -1. */
function afterHeader(text: string, at: number): number {
  OBJECT_HEADER_AT.lastIndex = at;
  const m = OBJECT_HEADER_AT.exec(text);
  return m ? at + m[0].length : -1;
}

class PdfFile {
  private readonly text: string;
  /** Object number → offset of its last header in the file (incremental updates append). */
  private readonly direct = new Map<number, number>();
  private readonly packed = new Map<number, Packed>();
  /** Offsets of every object header, ascending, for finding the object around a position. */
  private readonly starts: number[] = [];
  private readonly budget = new Budget();
  private inflated = 0;

  constructor(private readonly file: Buffer) {
    this.text = file.toString('latin1');
    for (const m of this.text.matchAll(OBJECT_HEADER)) {
      if (this.starts.length >= MAX_OBJECTS) throw new TooMuchWork();
      this.starts.push(m.index);
      this.direct.set(Number(m[1]), m.index);
    }
    this.readObjectStreams();
  }

  private lexer(text: string, pos: number): Lexer {
    return new Lexer(text, pos, this.budget);
  }

  details(): PdfDetails {
    const trailer = this.trailer();
    const root = this.resolve(trailer.root) ?? this.catalogByType();
    const pageCount = isDict(root) ? this.countPages(root) : null;
    // Strings of an encrypted file are encrypted: its title would be noise.
    const info = trailer.encrypted ? undefined : this.resolve(trailer.info);
    const title = isDict(info) ? textOf(this.resolve(info.get('Title'))) : '';
    return { pageCount, title };
  }

  /** The value of object `num`, or undefined when it does not exist or cannot be read. */
  private object(num: number): PdfValue | undefined {
    const at = this.direct.get(num);
    const packed = this.packed.get(num);
    if (packed && (at === undefined || packed.at > at)) {
      return attempt(() => this.lexer(packed.text, packed.pos).value());
    }
    if (at === undefined) return undefined;
    const body = afterHeader(this.text, at);
    return body < 0 ? undefined : attempt(() => this.lexer(this.text, body).value());
  }

  private resolve(value: PdfValue | undefined): PdfValue | undefined {
    let v = value;
    // A reference to a reference is legal; a loop of them is not, and ends here.
    for (let hops = 0; v instanceof Ref; hops++) {
      if (hops > 16) return undefined;
      v = this.object(v.num);
    }
    return v;
  }

  /** The object whose header is the last one before `position`, with its dictionary. */
  private dictAround(position: number): { at: number; dict: Dict } | undefined {
    let lo = 0;
    let hi = this.starts.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] as number) <= position) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best < 0) return undefined;
    const at = this.starts[best] as number;
    const body = afterHeader(this.text, at);
    if (body < 0) return undefined;
    const dict = attempt(() => this.lexer(this.text, body).value());
    return isDict(dict) ? { at, dict } : undefined;
  }

  private readObjectStreams(): void {
    let streams = 0;
    for (const hit of this.text.matchAll(/\/Type[\0\t\n\f\r ]*\/ObjStm(?![^\0\t\n\f\r ()<>[\]{}/%])/g)) {
      if (++streams > MAX_OBJECT_STREAMS) return;
      const around = this.dictAround(hit.index);
      const type = around?.dict.get('Type');
      if (!around || !(type instanceof Name) || type.value !== 'ObjStm') continue;
      const data = attempt(() => this.streamData(around.at, around.dict));
      if (!data) continue;
      const n = around.dict.get('N');
      const first = around.dict.get('First');
      if (typeof n !== 'number' || typeof first !== 'number' || n < 0 || first < 0) continue;
      const text = data.toString('latin1');
      const header = text
        .slice(0, first)
        .trim()
        .split(/[\0\t\n\f\r ]+/)
        .map(Number);
      this.budget.spend(header.length);
      for (let i = 0; i + 1 < header.length && i < 2 * n; i += 2) {
        const num = header[i] as number;
        const offset = header[i + 1] as number;
        if (!Number.isInteger(num) || !Number.isInteger(offset)) break;
        const known = this.packed.get(num);
        if (!known || known.at < around.at)
          this.packed.set(num, { text, pos: first + offset, at: around.at });
      }
    }
  }

  /** The decoded data of the stream after the dictionary of the object at `at`. */
  private streamData(at: number, dict: Dict): Buffer | undefined {
    const body = afterHeader(this.text, at);
    if (body < 0) return undefined;
    const lexer = this.lexer(this.text, body);
    lexer.value();
    lexer.skipSpace();
    if (!this.text.startsWith('stream', lexer.pos)) return undefined;
    let start = lexer.pos + 'stream'.length;
    if (this.text[start] === '\r') start++;
    if (this.text[start] === '\n') start++;
    // /Length is trusted when `endstream` follows it; otherwise the stream runs to `endstream`.
    const length = this.resolve(dict.get('Length'));
    let end = -1;
    if (typeof length === 'number' && Number.isInteger(length) && length >= 0) {
      const after = this.text.slice(start + length, start + length + 12).trimStart();
      if (after.startsWith('endstream')) end = start + length;
    }
    if (end < 0) {
      end = this.text.indexOf('endstream', start);
      if (end < 0) return undefined;
      while (end > start && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    }
    const raw = this.file.subarray(start, end);
    const filter = this.resolve(dict.get('Filter'));
    const filters = Array.isArray(filter) ? filter : filter === undefined || filter === null ? [] : [filter];
    if (filters.length === 0) return raw;
    const parms = this.resolve(dict.get('DecodeParms'));
    // Only plain Flate, the filter of nearly every object stream; a predictor or any other filter
    // means the objects inside stay unknown.
    if (filters.length !== 1 || !(filters[0] instanceof Name) || filters[0].value !== 'FlateDecode')
      return undefined;
    if (isDict(parms) && typeof parms.get('Predictor') === 'number' && (parms.get('Predictor') as number) > 1)
      return undefined;
    const budget = MAX_INFLATED_BYTES - this.inflated;
    if (budget <= 0) return undefined;
    try {
      const out = inflateSync(raw, { maxOutputLength: budget });
      this.inflated += out.length;
      return out;
    } catch {
      // A stream that fails may have inflated up to the whole budget before failing (a bomb):
      // no further stream is inflated, so the work stays bounded.
      this.inflated = MAX_INFLATED_BYTES;
      return undefined;
    }
  }

  /** /Root, /Info and /Encrypt from the last trailer (or cross-reference stream) that names each. */
  private trailer(): { root?: PdfValue; info?: PdfValue; encrypted: boolean } {
    const found: Array<{ at: number; dict: Dict }> = [];
    for (const m of this.text.matchAll(/trailer[\0\t\n\f\r ]*<</g)) {
      // A damaged trailer is passed over: an earlier or later one may do.
      const dict = attempt(() => this.lexer(this.text, m.index + m[0].length - 2).value());
      if (isDict(dict)) found.push({ at: m.index, dict });
    }
    for (const m of this.text.matchAll(/\/Type[\0\t\n\f\r ]*\/XRef(?![^\0\t\n\f\r ()<>[\]{}/%])/g)) {
      const around = this.dictAround(m.index);
      if (around) found.push(around);
    }
    found.sort((a, b) => a.at - b.at);
    const last = (key: string) => found.findLast((f) => f.dict.has(key))?.dict.get(key);
    return { root: last('Root'), info: last('Info'), encrypted: last('Encrypt') !== undefined };
  }

  /** Without a trailer, the last catalogue in the file, as a repairing reader would take it. */
  private catalogByType(): Dict | undefined {
    const hits = [...this.text.matchAll(/\/Type[\0\t\n\f\r ]*\/Catalog(?![^\0\t\n\f\r ()<>[\]{}/%])/g)];
    const last = hits.at(-1);
    return last ? this.dictAround(last.index)?.dict : undefined;
  }

  /**
   * Counts the leaves of the page tree. A node seen twice (a loop, or a page listed twice by a
   * broken writer) or one that cannot be read makes the count unknown rather than wrong.
   */
  private countPages(catalog: Dict): number | null {
    const pages = this.resolve(catalog.get('Pages'));
    if (!isDict(pages)) return null;
    const seen = new Set<number>();
    let visited = 0;
    const walk = (node: Dict, depth: number): number | null => {
      if (++visited > MAX_PAGE_NODES || depth > MAX_DEPTH) return null;
      const type = node.get('Type');
      const kids = this.resolve(node.get('Kids'));
      const isLeaf = type instanceof Name ? type.value === 'Page' : !Array.isArray(kids);
      if (isLeaf) return 1;
      if (!Array.isArray(kids)) return null;
      let total = 0;
      for (const kid of kids) {
        if (kid instanceof Ref) {
          if (seen.has(kid.num)) return null;
          seen.add(kid.num);
        }
        const child = this.resolve(kid);
        if (!isDict(child)) return null;
        const counted = walk(child, depth + 1);
        if (counted === null) return null;
        total += counted;
      }
      return total;
    };
    return walk(pages, 0);
  }
}

// ——— Text strings ———

/** PDFDocEncoding where it differs from Latin-1 (ISO 32000-1, Annex D). */
const PDF_DOC_ENCODING: Record<number, string> = {
  24: '\u02d8',
  25: '\u02c7',
  26: '\u02c6',
  27: '\u02d9',
  28: '\u02dd',
  29: '\u02db',
  30: '\u02da',
  31: '\u02dc',
  128: '\u2022',
  129: '\u2020',
  130: '\u2021',
  131: '\u2026',
  132: '\u2014',
  133: '\u2013',
  134: '\u0192',
  135: '\u2044',
  136: '\u2039',
  137: '\u203a',
  138: '\u2212',
  139: '\u2030',
  140: '\u201e',
  141: '\u201c',
  142: '\u201d',
  143: '\u2018',
  144: '\u2019',
  145: '\u201a',
  146: '\u2122',
  147: '\ufb01',
  148: '\ufb02',
  149: '\u0141',
  150: '\u0152',
  151: '\u0160',
  152: '\u0178',
  153: '\u017d',
  154: '\u0131',
  155: '\u0142',
  156: '\u0153',
  157: '\u0161',
  158: '\u017e',
  160: '\u20ac',
};

/**
 * A PDF text string as plain text: UTF-16BE after a byte-order mark, UTF-8 after one (PDF 2.0),
 * PDFDocEncoding otherwise. Control characters, language markers and runs of spaces go; the
 * result is cut to MAX_TITLE_LENGTH characters.
 */
function textOf(value: PdfValue | undefined): string {
  if (!(value instanceof Str)) return '';
  const bytes = Buffer.from(value.bytes, 'latin1');
  let text: string;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
    text = body.swap16().toString('utf16le');
  } else if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    text = bytes.subarray(3).toString('utf8');
  } else {
    text = [...value.bytes].map((c) => PDF_DOC_ENCODING[c.charCodeAt(0)] ?? c).join('');
  }
  const clean = text
    // ESC marks a language code inside a Unicode text string (ISO 32000-1, 7.9.2.2).
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is what is looked for
    .replace(/\u001b[^\u001b]*\u001b/g, '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(clean);
  return chars.length > MAX_TITLE_LENGTH ? `${chars.slice(0, MAX_TITLE_LENGTH - 1).join('')}…` : clean;
}
