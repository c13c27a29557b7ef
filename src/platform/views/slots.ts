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

/** A page's body as buffers in order: the rendered text, encoded, around the slots' bytes. */
export function pageBytes(page: string | SlottedHtml): Buffer[] {
  if (typeof page === 'string') return [Buffer.from(page)];
  const pieces = page.html.split(PREFIX);
  const out: Buffer[] = [Buffer.from(pieces[0] ?? '')];
  for (let i = 1; i < pieces.length; i++) {
    const piece = pieces[i] as string;
    const end = piece.indexOf(END);
    const slot = page.slots[Number(piece.slice(0, end))];
    if (!slot) throw new Error('a page refers to a slot it was not given');
    out.push(slot, Buffer.from(piece.slice(end + 1)));
  }
  return out;
}

/** The page as one string: for tests and the few places that want text. */
export function pageText(page: string | SlottedHtml): string {
  return typeof page === 'string' ? page : Buffer.concat(pageBytes(page)).toString('utf8');
}
