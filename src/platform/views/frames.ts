import { ClockCache } from '../cache/clock.js';
import type { Site } from './site.js';
import { compileFrame, type Frame, type Framed, type Piece, Slots } from './slots.js';

/** Distinct views (listings' and articles') a process keeps compiled: ~5 KB each. */
const KEPT_FRAMES = 500;

const frames = new WeakMap<Site, ClockCache<string, Frame>>();

/**
 * A page rendered once per distinct view and filled afresh on every request: a listing's page
 * around its cards (breadcrumbs, heading, share links, pager, header and footer) is the same for
 * every reader until what it shows changes, and serialising it was half of a country page's work.
 * Every request still reads the view from the database; only turning that view into HTML is
 * remembered, like a compiled template.
 *
 * `inputs` must name everything `render` reads apart from the parameters (the interface's words
 * and the site are the same for the life of a process): it is the frame's key, as JSON, so leave
 * one out and a reader is shown another view's page. Functions are not JSON: name what they
 * depend on instead (a pager's base address, say).
 */
export function framedPage(
  site: Site,
  inputs: readonly unknown[],
  params: readonly Piece[],
  render: (slots: Slots) => string,
): Framed {
  let kept = frames.get(site);
  if (!kept) {
    kept = new ClockCache(KEPT_FRAMES);
    frames.set(site, kept);
  }
  // The number of parameters is part of the key: a frame fits only that many.
  const key = JSON.stringify([params.length, inputs]);
  let frame = kept.get(key);
  if (!frame) {
    const slots = new Slots();
    frame = compileFrame(slots.fill(render(slots)));
    kept.set(key, frame);
  }
  return { frame, params };
}
