// Bundles the server and its pure-JavaScript dependencies into dist/main.js.
// Loading Fastify, Kysely and zod as some 1,500 separate modules took most of a start (0.7 s of
// `candle help` on a slow day, against 0.35 s bundled): the bundle is one file to read and parse.
// Packages with native code, and those loaded only when first needed (so that a server that
// never sends mail or runs on SQLite never loads them), stay in node_modules.
// tests/integration/bundle.test.ts builds it and serves pages from it.
import { build } from 'esbuild';

export const EXTERNAL = [
  'better-sqlite3',
  'sharp',
  'pg',
  'pg-native',
  '@node-rs/argon2',
  'nodemailer',
  // Reads bounce reports only (`candle mail bounces`, /hooks/bounces).
  'mailparser',
  'otplib',
  // Reads its font metrics from files beside its code; loaded only when a letter is printed.
  'pdfkit',
];

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: EXTERNAL,
  // Bundled CommonJS packages call require() for Node's own modules, which an ES module lacks.
  banner: {
    js: "import { createRequire as __candleCreateRequire } from 'node:module'; const require = __candleCreateRequire(import.meta.url);",
  },
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: true,
  // Stack traces name the file and line; the sources themselves are in the checkout.
  sourcesContent: false,
  logLevel: 'warning',
});
