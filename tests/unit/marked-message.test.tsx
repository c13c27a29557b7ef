import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { inLanguage } from '../../src/platform/i18n/index.js';
import { Figure, Message } from '../../src/platform/views/components.js';

/**
 * Content in another language than the page's, marked `lang` (WCAG 3.1.2): a message's placeholder
 * holding it (`Message`) and a picture's words (`Figure`, by `Picture.lang`).
 */

const render = (language: 'en' | 'fr', node: () => preact.ComponentChildren) =>
  inLanguage(language, () => renderToString(<p>{node()}</p>));

describe('Message', () => {
  it('marks a value in another language than the page’s, and only that value', () => {
    const html = render('fr', () => (
      <Message id="follow.heading" params={{ name: 'The 43 students' }} langs={{ name: 'en' }} />
    ));
    expect(html).toBe('<p>Abonnez-vous : <span lang="en">The 43 students</span></p>');
  });

  it('is the plain message when the value is in the page’s language', () => {
    const html = render('en', () => (
      <Message id="follow.heading" params={{ name: 'Mexico' }} langs={{ name: 'en' }} />
    ));
    expect(html).toBe('<p>Subscribe to Mexico</p>');
  });

  it('keeps plurals and other values the catalogue formats, and escapes the value', () => {
    const html = render('fr', () => (
      <Message id="search.count" params={{ count: 2, q: 'torture <b>' }} langs={{ q: 'en' }} />
    ));
    expect(html).toBe('<p>2 résultats pour « <span lang="en">torture &lt;b></span> »</p>');
  });
});

describe('Figure', () => {
  const image = {
    src: '/m.webp',
    srcset: '/m.webp 480w',
    avifSrcset: '',
    width: 480,
    height: 270,
    alt: 'A march',
    caption: 'Mothers march',
    credit: 'Demo archive',
  };
  it('marks its alt text, caption and credit by their language, not the credit’s label', () => {
    const html = inLanguage('fr', () =>
      renderToString(<Figure image={{ ...image, lang: 'en' }} sizes="100vw" />),
    );
    expect(html).toContain('lang="en" src="/m.webp"');
    expect(html).toContain('<span class="caption" lang="en">Mothers march</span>');
    expect(html).toContain('<span class="credit">Photo : <span lang="en">Demo archive</span></span>');
    // In its own language's page, nothing is marked.
    const english = inLanguage('en', () =>
      renderToString(<Figure image={{ ...image, lang: 'en' }} sizes="100vw" />),
    );
    expect(english).not.toContain('lang=');
  });
});
