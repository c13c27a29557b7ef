import { createHash, randomBytes } from 'node:crypto';

/**
 * HTML with holes for bytes that are already HTML: stored cards (src/newsroom/cards.tsx) go into
 * a page as the UTF-8 the database holds, never decoded into a string and encoded again. The page
 * around them is rendered as a string with a marker in each hole; `pageBytes` puts them together.
 * The marker holds a token made at start-up, so no text of an editor's or a reader's can forge one.
 */
export interface SlottedHtml {
  html: string;
  slots: readonly Buffer[];
  /** For each slot, the SHA-1 of its bytes when the slot's owner keeps one (see pageBytes). */
  digests: ReadonlyArray<Buffer | undefined>;
}

const PREFIX = `\u0001${randomBytes(9).toString('base64url')}:`;
const END = '\u0001';
const PREFIX_BYTES = Buffer.from(PREFIX);
const END_BYTE = 0x01;

/** Collects the bytes of one page's holes while its tree is built. */
export class Slots {
  private readonly filled: Buffer[] = [];
  private readonly digests: Array<Buffer | undefined> = [];

  /**
   * The marker to render where these bytes go. Bytes that are kept and placed again and again
   * (stored cards, the header) come with the SHA-1 of their bytes, made once: see pageBytes.
   */
  add(bytes: Buffer, digest?: Buffer): string {
    this.filled.push(bytes);
    this.digests.push(digest);
    return `${PREFIX}${this.filled.length - 1}${END}`;
  }

  /** The rendered page with the bytes for its markers. */
  fill(html: string): SlottedHtml {
    return { html, slots: this.filled, digests: this.digests };
  }
}

/** The SHA-1 of some bytes: what a slot's owner keeps to pass to Slots.add. */
export function digestOf(bytes: Buffer): Buffer {
  return createHash('sha1').update(bytes).digest();
}

/** One stretch of a page's body: rendered text, or a slot's bytes with the digest it came with. */
interface Piece {
  bytes: Buffer;
  digest?: Buffer;
}

function pieces(page: string | SlottedHtml): Piece[] {
  const whole = Buffer.from(typeof page === 'string' ? page : page.html);
  if (typeof page === 'string' || page.slots.length === 0) return [{ bytes: whole }];
  // The markers are ASCII, so they are found in the bytes as they are in the text.
  const out: Piece[] = [];
  let at = 0;
  for (;;) {
    const start = whole.indexOf(PREFIX_BYTES, at);
    if (start < 0) break;
    const end = whole.indexOf(END_BYTE, start + PREFIX_BYTES.length);
    const slot = Number(whole.toString('latin1', start + PREFIX_BYTES.length, end));
    const bytes = page.slots[slot];
    if (!bytes) throw new Error('a page refers to a slot it was not given');
    out.push({ bytes: whole.subarray(at, start) }, { bytes, digest: page.digests[slot] });
    at = end + 1;
  }
  out.push({ bytes: whole.subarray(at) });
  return out;
}

/**
 * A page's body and its fingerprint. The fingerprint is the SHA-1 of the body's stretches, each
 * tagged with its kind and length so no two bodies can give the same input, where a slot with a
 * digest is hashed as that digest: a page of stored cards hashes its few kilobytes of text and
 * twenty bytes a card, not every card again (hashing 20 KB was a tenth of a country page's work).
 */
export function pageBytes(page: string | SlottedHtml): { body: Buffer; digest: Buffer } {
  const parts = pieces(page);
  const hash = createHash('sha1');
  const tag = Buffer.alloc(5);
  for (const part of parts) {
    const hashed = part.digest ?? part.bytes;
    tag.writeUInt8(part.digest ? 1 : 0, 0);
    tag.writeUInt32BE(hashed.length, 1);
    hash.update(tag).update(hashed);
  }
  const body = parts.length === 1 ? (parts[0] as Piece).bytes : Buffer.concat(parts.map((p) => p.bytes));
  return { body, digest: hash.digest() };
}

/** The page as one string: for tests and the few places that want text. */
export function pageText(page: string | SlottedHtml): string {
  return typeof page === 'string' ? page : pageBytes(page).body.toString('utf8');
}
