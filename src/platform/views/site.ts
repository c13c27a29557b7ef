import type { ComponentChildren } from 'preact';

/** What every page knows about the site it belongs to. */
export interface Site {
  name: string;
  publicUrl: string;
  assets: { css: string; js: string };
}

export interface PageMeta {
  title: string;
  description?: string;
  /** Path of the canonical address of this page ("/countries/mexico?page=2"). */
  canonical?: string;
  noindex?: boolean;
  /** Extra tags for <head>: Open Graph, JSON-LD, feeds. */
  head?: ComponentChildren;
  /** The search box keeps what the reader searched for. */
  query?: string;
  /** The main-menu entry to mark as current. */
  section?: string;
}
