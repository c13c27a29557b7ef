import { randomBytes } from 'node:crypto';

/**
 * HTML with holes for bytes that are already HTML: stored cards (src/newsroom/cards.tsx) go into
 * a page as the UTF-8 the database holds, never decoded into a string and encoded again. The page
 * around them is rendered as a string with a marker in each hole; `pageBytes` puts them together.
 * The marker holds a token made at start-up, so no text of an editor's or a reader's can forge one.
 */
export interface SlottedHtml {
  html: string;
  slots: readonly Buffer[];
}

const PREFIX = `\u0001${randomBytes(9).toString('base64url')}:`;
const END = '\u0001';
const PREFIX_BYTES = Buffer.from(PREFIX);
const END_BYTE = 0x01;

/** Collects the bytes of one page's holes while its tree is built. */
export class Slots {
  private readonly filled: Buffer[] = [];

  /** The marker to render where these bytes go. */
  add(bytes: Buffer): string {
    this.filled.push(bytes);
    return `${PREFIX}${this.filled.length - 1}${END}`;
  }

  /** The rendered page with the bytes for its markers. */
  fill(html: string): SlottedHtml {
    return { html, slots: this.filled };
  }
}

/** A page's body as buffers in order: the rendered text, encoded once, around the slots' bytes. */
export function pageBytes(page: string | SlottedHtml): Buffer[] {
  const whole = Buffer.from(typeof page === 'string' ? page : page.html);
  if (typeof page === 'string' || page.slots.length === 0) return [whole];
  // The markers are ASCII, so they are found in the bytes as they are in the text.
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const start = whole.indexOf(PREFIX_BYTES, at);
    if (start < 0) break;
    const end = whole.indexOf(END_BYTE, start + PREFIX_BYTES.length);
    const slot = page.slots[Number(whole.toString('latin1', start + PREFIX_BYTES.length, end))];
    if (!slot) throw new Error('a page refers to a slot it was not given');
    out.push(whole.subarray(at, start), slot);
    at = end + 1;
  }
  out.push(whole.subarray(at));
  return out;
}

/** The page as one string: for tests and the few places that want text. */
export function pageText(page: string | SlottedHtml): string {
  return typeof page === 'string' ? page : Buffer.concat(pageBytes(page)).toString('utf8');
}
