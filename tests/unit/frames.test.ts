import { describe, expect, it } from 'vitest';
import { framedPage } from '../../src/platform/views/frames.js';
import { type Piece, pageText, type Slots } from '../../src/platform/views/slots.js';

const card = (text: string): Piece => ({ bytes: Buffer.from(text) });

describe('framed pages', () => {
  it('render the page around the parameters once per distinct view', () => {
    const site = { name: 'Candle', publicUrl: 'http://candle.test', assets: { css: '/a.css', js: '/a.js' } };
    let renders = 0;
    const countryPage = (name: string, cards: Piece[]) =>
      framedPage(site, ['country', { name }], cards, (slots: Slots) => {
        renders++;
        const places = cards.map((_, i) => slots.param(i)).join('');
        return `<h1>${name}</h1>${places}`;
      });

    expect(pageText(countryPage('Mexico', [card('<a>1</a>'), card('<a>2</a>')]))).toBe(
      '<h1>Mexico</h1><a>1</a><a>2</a>',
    );
    // Other cards in the same view: the same frame, filled with them.
    expect(pageText(countryPage('Mexico', [card('<a>3</a>'), card('<a>4</a>')]))).toBe(
      '<h1>Mexico</h1><a>3</a><a>4</a>',
    );
    expect(renders).toBe(1);
    // Another input, or another number of cards, is another frame.
    expect(pageText(countryPage('México', [card('<a>3</a>'), card('<a>4</a>')]))).toBe(
      '<h1>México</h1><a>3</a><a>4</a>',
    );
    expect(pageText(countryPage('Mexico', [card('<a>5</a>')]))).toBe('<h1>Mexico</h1><a>5</a>');
    expect(renders).toBe(3);
  });

  it('keep frames per site', () => {
    const render = (name: string) => (slots: Slots) => `<p>${name}</p>${slots.param(0)}`;
    const one = { name: 'One', publicUrl: 'http://one.test', assets: { css: '/a.css', js: '/a.js' } };
    const two = { name: 'Two', publicUrl: 'http://two.test', assets: { css: '/a.css', js: '/a.js' } };
    expect(pageText(framedPage(one, ['home'], [card('x')], render(one.name)))).toBe('<p>One</p>x');
    expect(pageText(framedPage(two, ['home'], [card('x')], render(two.name)))).toBe('<p>Two</p>x');
  });
});
