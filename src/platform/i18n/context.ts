import { AsyncLocalStorage } from 'node:async_hooks';
import { DEFAULT_LANGUAGE, type Language } from './languages.js';

/** What the code serving one request (or one job, one mail) is writing in. */
export interface LanguageScope {
  language: Language;
  /** The address the reader asked for, as typed (for the language switch of pages without a canonical address). */
  address?: string;
}

/**
 * The request's language, read by the global `t()` and `formatDate()` so that no translator is
 * threaded through every view. AsyncLocalStorage, because a request's strings are made after
 * awaits too (a service's messages, a path made once the queries answered): see
 * src/platform/CONTEXT.md for what it costs on Node 20 (3.3 % of a rendered page's instructions).
 */
const storage = new AsyncLocalStorage<LanguageScope>();

export function currentScope(): LanguageScope | undefined {
  return storage.getStore();
}

export function currentLanguage(): Language {
  return storage.getStore()?.language ?? DEFAULT_LANGUAGE;
}

/** Runs `fn` (and everything it awaits) in `language` (tests make a view's words in French with it). */
export function inLanguage<T>(language: Language, fn: () => T): T {
  return storage.run({ language }, fn);
}

/** Runs `fn` in a scope already made (a request's, entered again after its body was read). */
export function inScope<T>(scope: LanguageScope, fn: () => T): T {
  return storage.run(scope, fn);
}
