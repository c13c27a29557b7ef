import type { VNode } from 'preact';
import { jsxTemplate } from 'preact/jsx-runtime';
import { renderToString } from 'preact-render-to-string';

export function renderDocument(page: VNode): string {
  return `<!doctype html>${renderToString(page)}`;
}

/** A fragment of HTML, for answers that are not a whole page (a preview, an inline error). */
export function renderFragment(node: VNode): string {
  return renderToString(node);
}

/** HTML this renderer made from a part of a page, kept to be placed in later pages as it is. */
export type Rendered = string & { readonly __rendered: 'Rendered' };

/**
 * A part of a page rendered to be kept, as one contiguous string. The renderer builds its text by
 * concatenation, a rope of thousands of short pieces that V8 walks again each time a page holding
 * it is written out (about 20 µs a country page's twelve items, docs/benchmarks.md); made
 * contiguous once here, each page copies it whole.
 */
export function renderPart(node: VNode): Rendered {
  return Buffer.from(renderToString(node)).toString() as Rendered;
}

/**
 * A part rendered earlier, placed as it is: the renderer's template node (what JSX precompiled
 * to templates makes), whose strings it writes without escaping them again. Only `Rendered`
 * HTML goes in, which this renderer escaped when it made it.
 */
export function Prerendered(props: { html: Rendered }): VNode {
  return jsxTemplate([props.html]);
}

/** JSON placed inside <script>: "<" is escaped so no string in it can close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
