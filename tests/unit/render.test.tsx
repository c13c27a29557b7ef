import { describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/platform/views/render.js';

describe('renderDocument', () => {
  it('writes a style object as CSS text', () => {
    const html = renderDocument(
      <html lang="en">
        <body style={{ marginTop: '1px', color: 'red' }}>x</body>
      </html>,
    );
    expect(html).toBe(
      '<!doctype html><html lang="en"><body style="margin-top:1px;color:red;">x</body></html>',
    );
  });

  it('escapes text and attributes', () => {
    expect(renderDocument(<p title={'"<&'}>{'<script>&'}</p>)).toBe(
      '<!doctype html><p title="&quot;&lt;&amp;">&lt;script>&amp;</p>',
    );
  });
});
