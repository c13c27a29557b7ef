import type { VNode } from 'preact';
import { serialize } from './serialize.js';

export function renderDocument(page: VNode): string {
  return `<!doctype html>${serialize(page)}`;
}

/** JSON placed inside <script>: "<" is escaped so no string in it can close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
