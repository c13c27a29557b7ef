import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const VCL_FILE = path.resolve('deploy/varnish/default.vcl');

function findVarnishd(): string | undefined {
  if (process.env.VARNISHD) return process.env.VARNISHD;
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin'];
  return dirs.map((dir) => path.join(dir, 'varnishd')).find((file) => fs.existsSync(file));
}

export const VARNISHD = findVarnishd();

/**
 * Tests through Varnish need Debian's varnish and varnish-modules. On a developer machine without
 * them they are skipped with a message saying how to install them; in CI (CI=true) a missing
 * varnishd is a failure.
 */
export const varnishMissing = VARNISHD === undefined && process.env.CI !== 'true';
if (varnishMissing) {
  process.stderr.write(
    '\nVarnish tests skipped: no varnishd. Install it: apt-get install -y varnish varnish-modules\n\n',
  );
}

/** A port nobody listens on right now, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface RunningVarnish {
  url: string;
  stop: () => Promise<void>;
}

/**
 * Starts varnishd in the foreground with deploy/varnish/default.vcl, its backend pointed at Candle
 * on 127.0.0.1:backendPort, listening on 127.0.0.1 only (no management port), in a working
 * directory of its own, on `port` or a free one; resolves once a request through it reaches Candle.
 */
export async function startVarnish(backendPort: number, port?: number): Promise<RunningVarnish> {
  if (!VARNISHD) {
    throw new Error('varnishd is not installed: apt-get install -y varnish varnish-modules');
  }
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'candle-varnish-'));
  // Run as root, varnishd hands its work to an unprivileged user, who must be able to read here.
  await fsp.chmod(dir, 0o755);
  const vcl = await fsp.readFile(VCL_FILE, 'utf8');
  const pointed = vcl.replace(/\.port = "\d+";/, `.port = "${backendPort}";`);
  if (pointed === vcl) throw new Error(`no backend port to replace in ${VCL_FILE}`);
  const vclFile = path.join(dir, 'default.vcl');
  await fsp.writeFile(vclFile, pointed, { mode: 0o644 });

  const listen = port ?? (await freePort());
  const child: ChildProcess = spawn(
    VARNISHD,
    ['-F', '-n', path.join(dir, 'work'), '-a', `127.0.0.1:${listen}`, '-T', 'none', '-f', vclFile],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (err) => {
      output += String(err);
      resolve();
    });
  });
  let running = true;
  void exited.then(() => {
    running = false;
  });

  const stop = async () => {
    if (running) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    await fsp.rm(dir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${listen}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (!running) {
      await stop();
      throw new Error(`varnishd stopped while starting:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`varnishd did not answer within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, stop };
}
