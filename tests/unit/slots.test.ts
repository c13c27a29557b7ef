import { describe, expect, it } from 'vitest';
import { digestOf, pageBytes, Slots } from '../../src/platform/views/slots.js';

function page(cards: Buffer[], withDigests: boolean, text = '<main>') {
  const slots = new Slots();
  const markers = cards.map((card) => slots.add(card, withDigests ? digestOf(card) : undefined));
  return slots.fill(`${text}${markers.join('')}</main>`);
}

describe('a page of slots', () => {
  const a = Buffer.from('<article>Ángel</article>');
  const b = Buffer.from('<article>Beatriz</article>');

  it('puts the slots’ bytes where their markers were', () => {
    expect(pageBytes(page([a, b], true)).body.toString()).toBe(
      '<main><article>Ángel</article><article>Beatriz</article></main>',
    );
  });

  it('fingerprints the same bytes the same way, and any change differently', () => {
    const first = pageBytes(page([a, b], true)).digest;
    expect(pageBytes(page([a, b], true)).digest.equals(first)).toBe(true);
    expect(pageBytes(page([b, a], true)).digest.equals(first)).toBe(false);
    expect(pageBytes(page([a, Buffer.from('<article>Beatriz!</article>')], true)).digest.equals(first)).toBe(
      false,
    );
    expect(pageBytes(page([a, b], true, '<main class="x">')).digest.equals(first)).toBe(false);
  });

  it('never takes a digest in the text for the slot it stands for', () => {
    // The text holds exactly the bytes that stand for slot a in the other page.
    const forged = new Slots();
    const marker = forged.add(b, digestOf(b));
    const text = `<main>${digestOf(a).toString('latin1')}${marker}</main>`;
    expect(pageBytes(forged.fill(text)).digest.equals(pageBytes(page([a, b], true)).digest)).toBe(false);
  });

  it('takes a plain string page as it is', () => {
    const { body, digest } = pageBytes('<p>plain</p>');
    expect(body.toString()).toBe('<p>plain</p>');
    expect(digest).toHaveLength(20);
  });
});
