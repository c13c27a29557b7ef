import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excerpt, renderMarkdown } from '../../src/platform/text/markdown.js';

describe('renderMarkdown', () => {
  it('renders ordinary Markdown', () => {
    expect(renderMarkdown('Hello **world**')).toBe('<p>Hello <strong>world</strong></p>\n');
    expect(renderMarkdown('# Title')).toContain('<h2>Title</h2>');
  });

  it('never lets raw HTML or script through', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;');
  });

  it('refuses javascript: and data: links', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html;base64,PHNjcmlwdD4=']) {
      const html = renderMarkdown(`[click](${href})`);
      expect(html).not.toMatch(/href="(javascript|data):/i);
    }
    expect(renderMarkdown('[ok](https://example.org)')).toContain('href="https://example.org"');
  });

  it('never produces an executable tag from any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (source) => {
        const html = renderMarkdown(source);
        expect(html).not.toMatch(/<(script|iframe|object|embed|style|img|svg)\b/i);
        expect(html).not.toMatch(/\son\w+=/i);
      }),
      { numRuns: 500 },
    );
  });
});

describe('excerpt', () => {
  it('keeps short text and cuts long text at a word', () => {
    expect(excerpt('  a  short\ntext ')).toBe('a short text');
    const cut = excerpt('word '.repeat(100), 30);
    expect(cut.length).toBeLessThanOrEqual(30);
    expect(cut.endsWith('word…')).toBe(true);
  });
});
