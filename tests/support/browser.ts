import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import type { Result } from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { type TestApp, testApp } from './app.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = 'artifacts/screenshots';

/**
 * Browser journeys need Debian's Chromium. On a developer machine without it they are skipped
 * with a message saying how to install it; in CI (CI=true) a missing browser is a failure.
 */
export const browserMissing = !fs.existsSync(CHROMIUM) && process.env.CI !== 'true';
if (browserMissing) {
  process.stderr.write(
    `\nBrowser journeys skipped: no Chromium at ${CHROMIUM}. Install it: apt-get install -y chromium\n\n`,
  );
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** axe-core's own minified build: the version AxeBuilder runs (it injects the unminified one). */
const AXE_SOURCE = fs.readFileSync(
  createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright')).resolve(
    'axe-core/axe.min.js',
  ),
  'utf8',
);

function describeViolations(violations: Pick<Result, 'id' | 'impact' | 'help' | 'nodes'>[]): string[] {
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/**
 * Runs axe-core in the page and fails with the rule ids and targets of any violation.
 * Every rule, as AxeBuilder runs them, but about half the time: AxeBuilder injects the
 * 1.3 MB unminified axe twice or three times per check and merges the results in a blank page
 * of its own, which only pages with frames need; ours have none, and a page with a frame still
 * goes through AxeBuilder.
 */
export async function expectAccessible(page: Page): Promise<void> {
  // A button's colours change over 0.15 s when the pointer rests on it (site.css); axe reading one
  // mid-way measured a contrast no reader sees for long, and failed the admin walk now and then.
  // With reduced motion the colours are final at once (the stylesheet honours the preference).
  await page.emulateMedia({ reducedMotion: 'reduce' });
  let violations: string[];
  if (page.frames().length > 1) {
    violations = describeViolations((await new AxeBuilder({ page }).analyze()).violations);
  } else {
    // Once per document: a page checked again before it navigates (a theme switched) keeps it.
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
    const found = await page.evaluate(async () => {
      const { axe } = window as unknown as { axe: typeof import('axe-core') };
      axe.configure({ allowedOrigins: ['<same_origin>'], branding: { application: 'playwright' } });
      // Only what a failure names crosses back: the passes' nodes are most of a result's size.
      return (await axe.run(document, {})).violations.map(({ id, impact, help, nodes }) => ({
        id,
        impact,
        help,
        nodes: nodes.map(({ target }) => ({ target })),
      }));
    });
    violations = describeViolations(found as Pick<Result, 'id' | 'impact' | 'help' | 'nodes'>[]);
  }
  expect(violations, `axe violations on ${page.url()}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

export interface Journey {
  t: TestApp;
  browser: Browser;
  base: string;
}

/** The app on a free port with its demo content, and a browser: what every journey starts from. */
export async function startJourney(
  options: Parameters<typeof testApp>[0] = {},
  prepare?: (t: TestApp) => Promise<unknown>,
): Promise<Journey> {
  const t = await testApp(options);
  await prepare?.(t);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  return { t, browser: await launchBrowser(), base };
}

export async function stopJourney(journey: Partial<Journey>): Promise<void> {
  await journey.browser?.close();
  await journey.t?.close();
}
