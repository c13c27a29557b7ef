import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

export function renderDocument(page: VNode): string {
  return `<!doctype html>${renderToString(page)}`;
}

/** A fragment of HTML, for answers that are not a whole page (a preview, an inline error). */
export function renderFragment(node: VNode): string {
  return renderToString(node);
}

/** JSON placed inside <script>: "<" is escaped so no string in it can close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
