import { createHash, type Hash, randomBytes } from 'node:crypto';

/**
 * HTML with holes for bytes that are already HTML. The page around them is rendered as a string
 * with a marker in each hole and compiled into a frame (compileFrame): stretches of bytes, each
 * with its SHA-1, and the places of the parameters. Two kinds of hole:
 * - a slot (`Slots.add`) holds bytes kept and placed again and again, the header and footer;
 * - a parameter (`Slots.param`) is filled afresh on every request: the listing's stored cards,
 *   which go into the page as the UTF-8 the database holds, never decoded and encoded again.
 * The marker holds a token made at start-up, so no text of an editor's or a reader's can forge one.
 */
export interface SlottedHtml {
  html: string;
  slots: readonly Piece[];
}

/** A stretch of a page's body, with its SHA-1 when its owner keeps one (see assemble). */
export interface Piece {
  bytes: Buffer;
  digest?: Buffer;
}

const PREFIX = `\u0001${randomBytes(9).toString('base64url')}:`;
const END = '\u0001';
const PREFIX_BYTES = Buffer.from(PREFIX);
const END_BYTE = 0x01;
/** Marks a parameter's marker, where a slot's holds only its number. */
const PARAM = 'p';

/** Collects the bytes of one page's holes while its tree is serialised. */
export class Slots {
  private readonly filled: Piece[] = [];

  /** The marker to render where these kept bytes go; `digest` is their SHA-1, made once. */
  add(bytes: Buffer, digest?: Buffer): string {
    this.filled.push({ bytes, digest });
    return `${PREFIX}${this.filled.length - 1}${END}`;
  }

  /** The marker to render where the i-th parameter goes. */
  param(i: number): string {
    return `${PREFIX}${PARAM}${i}${END}`;
  }

  /** The rendered page with the bytes for its slots' markers. */
  fill(html: string): SlottedHtml {
    return { html, slots: this.filled };
  }
}

/** The SHA-1 of some bytes: what a slot's owner keeps to pass to Slots.add. */
export function digestOf(bytes: Buffer): Buffer {
  return createHash('sha1').update(bytes).digest();
}

/**
 * A page compiled for filling: its stretches of bytes, each with its SHA-1, and in between the
 * indices of the parameters that go there.
 */
export interface Frame {
  readonly parts: ReadonlyArray<Required<Piece> | number>;
  /** How many parameters it takes: assemble refuses any other number. */
  readonly params: number;
}

export function compileFrame(page: SlottedHtml): Frame {
  const whole = Buffer.from(page.html);
  const parts: Array<Required<Piece> | number> = [];
  const text = (bytes: Buffer) => {
    if (bytes.length > 0) parts.push({ bytes, digest: digestOf(bytes) });
  };
  const params = new Set<number>();
  // The markers are ASCII, so they are found in the bytes as they are in the text.
  let at = 0;
  for (;;) {
    const start = whole.indexOf(PREFIX_BYTES, at);
    if (start < 0) break;
    const end = whole.indexOf(END_BYTE, start + PREFIX_BYTES.length);
    const name = whole.toString('latin1', start + PREFIX_BYTES.length, end);
    text(whole.subarray(at, start));
    if (name.startsWith(PARAM)) {
      const param = Number(name.slice(PARAM.length));
      params.add(param);
      parts.push(param);
    } else {
      const slot = page.slots[Number(name)];
      if (!slot) throw new Error('a page refers to a slot it was not given');
      parts.push({ bytes: slot.bytes, digest: slot.digest ?? digestOf(slot.bytes) });
    }
    at = end + 1;
  }
  text(whole.subarray(at));
  for (let i = 0; i < params.size; i++) {
    if (!params.has(i)) throw new Error(`a page leaves out parameter ${i}`);
  }
  return { parts, params: params.size };
}

/**
 * A page's body and its fingerprint. The fingerprint is the SHA-1 of the body's stretches, each
 * tagged with its kind and length so no two bodies can give the same input, where a stretch with
 * a digest is hashed as that digest: a listing hashes a few hundred bytes, not its 20 KB again
 * (hashing the whole body was a tenth of a country page's work).
 */
export function assemble(frame: Frame, params: readonly Piece[]): { body: Buffer; digest: Buffer } {
  if (params.length !== frame.params) {
    throw new Error(`a frame for ${frame.params} parameters was given ${params.length}`);
  }
  const hash = createHash('sha1');
  const tag = Buffer.alloc(5);
  const bytes: Buffer[] = [];
  for (const part of frame.parts) {
    const piece = typeof part === 'number' ? (params[part] as Piece) : part;
    hashPiece(hash, tag, piece);
    bytes.push(piece.bytes);
  }
  return { body: Buffer.concat(bytes), digest: hash.digest() };
}

/** Adds one stretch to a fingerprint: its kind and length, then its digest or else its bytes. */
function hashPiece(hash: Hash, tag: Buffer, piece: Piece): void {
  const hashed = piece.digest ?? piece.bytes;
  tag.writeUInt8(piece.digest ? 1 : 0, 0);
  tag.writeUInt32BE(hashed.length, 1);
  hash.update(tag).update(hashed);
}

/** A page made of a frame and the parameters that fill it this time. */
export interface Framed {
  frame: Frame;
  params: readonly Piece[];
}

/** A page's body and fingerprint, whether it was rendered as one string or framed. */
export function pageBytes(page: string | Framed): { body: Buffer; digest: Buffer } {
  if (typeof page !== 'string') return assemble(page.frame, page.params);
  // One stretch, the whole page: the same fingerprint as a frame of one parameter would give.
  const body = Buffer.from(page);
  const hash = createHash('sha1');
  hashPiece(hash, Buffer.alloc(5), { bytes: body });
  return { body, digest: hash.digest() };
}

/** The page as one string: for tests and the few places that want text. */
export function pageText(page: string | Framed): string {
  return typeof page === 'string' ? page : pageBytes(page).body.toString('utf8');
}
