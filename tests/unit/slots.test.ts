import { describe, expect, it } from 'vitest';
import {
  assemble,
  compileFrame,
  digestOf,
  type Piece,
  pageBytes,
  pageText,
  Slots,
} from '../../src/platform/views/slots.js';

const header = Buffer.from('<nav>Menú</nav>');

/** A page with a kept header slot and one parameter per card. */
function frame(cards: number, text = '<main>') {
  const slots = new Slots();
  const places = Array.from({ length: cards }, (_, i) => `<li>${slots.param(i)}</li>`).join('');
  return compileFrame(slots.fill(`${slots.add(header, digestOf(header))}${text}${places}</main>`));
}

const card = (bytes: Buffer, kept: boolean): Piece => ({ bytes, digest: kept ? digestOf(bytes) : undefined });

describe('a framed page', () => {
  const a = Buffer.from('<article>Ángel</article>');
  const b = Buffer.from('<article>Beatriz</article>');

  it('puts the slots’ and the parameters’ bytes where their markers were', () => {
    expect(assemble(frame(2), [card(a, true), card(b, false)]).body.toString()).toBe(
      '<nav>Menú</nav><main><li><article>Ángel</article></li><li><article>Beatriz</article></li></main>',
    );
  });

  it('fingerprints the same bytes the same way, and any change differently', () => {
    const first = assemble(frame(2), [card(a, true), card(b, true)]).digest;
    expect(assemble(frame(2), [card(a, true), card(b, true)]).digest.equals(first)).toBe(true);
    expect(assemble(frame(2), [card(b, true), card(a, true)]).digest.equals(first)).toBe(false);
    const changed = Buffer.from('<article>Beatriz!</article>');
    expect(assemble(frame(2), [card(a, true), card(changed, true)]).digest.equals(first)).toBe(false);
    expect(assemble(frame(2, '<main class="x">'), [card(a, true), card(b, true)]).digest.equals(first)).toBe(
      false,
    );
  });

  it('never takes a digest in the text for the parameter it stands for', () => {
    // A card without a digest whose bytes are exactly the digest that stands for card a.
    const forged = assemble(frame(2), [card(digestOf(a), false), card(b, true)]);
    expect(forged.digest.equals(assemble(frame(2), [card(a, true), card(b, true)]).digest)).toBe(false);
  });

  it('refuses another number of parameters than its page holds', () => {
    expect(() => assemble(frame(2), [card(a, true)])).toThrow(/2 parameters was given 1/);
    const slots = new Slots();
    expect(() => compileFrame(slots.fill(`<p>${slots.param(1)}</p>`))).toThrow(/leaves out parameter 0/);
  });

  it('takes a plain string page as it is', () => {
    const { body, digest } = pageBytes('<p>plain</p>');
    expect(body.toString()).toBe('<p>plain</p>');
    expect(digest).toHaveLength(20);
    expect(pageText({ frame: frame(1), params: [card(a, false)] })).toBe(
      '<nav>Menú</nav><main><li><article>Ángel</article></li></main>',
    );
  });
});
