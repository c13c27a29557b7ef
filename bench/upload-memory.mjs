#!/usr/bin/env node
// Peak memory and time to turn a 20-megapixel camera JPEG into Candle's WebP variants.
//
//   npx tsx bench/upload-memory.mjs [--runs 3]
//
// Each measurement runs in a fresh child process (peak RSS is a high-water mark that never goes
// down), so one configuration cannot inflate another's figure. Modes:
//   candle         storeImage as shipped: sniff, decode once to 1440 px, variants from those pixels
//   candle-c1      the same with sharp.concurrency(1) and sharp.cache(false)
//   per-variant    the earlier approach: a full decode for each of the three variants
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WIDTH = 5472;
const HEIGHT = 3648;
const here = fileURLToPath(import.meta.url);

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

/** Peak resident memory of this process so far, in MiB (Linux high-water mark). */
async function peakMiB() {
  const status = await fs.readFile('/proc/self/status', 'utf8').catch(() => '');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? process.resourceUsage().maxRSS);
  return kb / 1024;
}

async function child(mode, file) {
  const { default: sharp } = await import('sharp');
  if (mode === 'candle-c1') {
    sharp.concurrency(1);
    sharp.cache(false);
  }
  const { checkUpload } = await import('../src/media/sniff.ts');
  const { storeImage, VARIANT_WIDTHS } = await import('../src/media/storage.ts');
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'candle-bench-upload-'));
  const input = await fs.readFile(file);
  const baseline = await peakMiB();
  const started = process.hrtime.bigint();
  if (mode === 'per-variant') {
    const dir = path.join(dataDir, 'media');
    await fs.mkdir(dir, { recursive: true });
    const base = sharp(input, { limitInputPixels: 50_000_000, failOn: 'error' }).rotate();
    for (const w of VARIANT_WIDTHS) {
      await base
        .clone()
        .resize({ width: w })
        .webp({ quality: 78 })
        .toFile(path.join(dir, `x-${w}.webp`));
    }
  } else {
    const sniffed = checkUpload(input);
    await storeImage(dataDir, input, sniffed.format);
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const peak = await peakMiB();
  await fs.rm(dataDir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ mode, ms, peak, baseline, inputBytes: input.length }));
}

async function makePhoto(file) {
  const { default: sharp } = await import('sharp');
  // Noise over a gradient compresses like a detailed photo (a flat colour would be unrealistically small).
  const noise = await sharp({
    create: {
      width: WIDTH,
      height: HEIGHT,
      channels: 3,
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .jpeg({ quality: 88 })
    .withExif({ IFD0: { Make: 'FieldCam', Model: 'Bench' } })
    .toBuffer();
  await fs.writeFile(file, noise);
}

async function main() {
  const runs = Number(arg('runs', '3'));
  const file = path.join(os.tmpdir(), `candle-bench-${WIDTH}x${HEIGHT}.jpg`);
  await makePhoto(file);
  const size = (await fs.stat(file)).size;
  console.log(
    `input: ${WIDTH}×${HEIGHT} JPEG (${((WIDTH * HEIGHT) / 1e6).toFixed(1)} MP), ${(size / 1048576).toFixed(1)} MiB; ` +
      `${os.cpus().length} cores, ${(os.totalmem() / 1073741824).toFixed(0)} GiB, Node ${process.versions.node}`,
  );
  console.log('| mode | runs | time p50 | time max | peak RSS max | RSS before the upload |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const mode of ['candle', 'candle-c1', 'per-variant']) {
    const results = [];
    for (let i = 0; i < runs; i++) {
      const out = spawnSync(process.execPath, [...process.execArgv, here, '--child', mode, '--file', file], {
        encoding: 'utf8',
      });
      if (out.status !== 0) throw new Error(`${mode} failed: ${out.stderr}`);
      results.push(JSON.parse(out.stdout));
    }
    const times = results.map((r) => r.ms).sort((a, b) => a - b);
    const p50 = times[Math.floor(times.length / 2)];
    const peak = Math.max(...results.map((r) => r.peak));
    const baseline = Math.max(...results.map((r) => r.baseline));
    console.log(
      `| ${mode} | ${runs} | ${p50.toFixed(0)} ms | ${times[times.length - 1].toFixed(0)} ms | ${peak.toFixed(0)} MiB | ${baseline.toFixed(0)} MiB |`,
    );
  }
  await fs.rm(file, { force: true });
}

if (process.argv.includes('--child')) await child(arg('child'), arg('file'));
else await main();
