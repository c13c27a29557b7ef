import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/index.js';
import { queueMail } from '../../src/platform/mail/index.js';
import { dialectUnderTest, testDatabaseUrl } from '../support/app.js';
import { candleArgs } from '../support/command.js';

const run = promisify(execFile);

async function candle(args: string[], env: Record<string, string>) {
  try {
    const out = await run(process.execPath, [...candleArgs(), ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout: out.stdout, stderr: out.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the candle command', () => {
  it('stops with one clear line when the database cannot be reached', async () => {
    const result = await candle(['serve'], { DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/nowhere' });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^candle: Cannot connect to PostgreSQL at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/nowhere/,
    );
    expect(result.stderr).not.toContain('secret');
  });

  it('stops with one clear line on invalid configuration', async () => {
    const result = await candle(['migrate'], { DATABASE_URL: 'mysql://x', PORT: 'x' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/Invalid configuration: PORT/);
  });

  it('migrates and loads the demo content', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'candle-cli-'));
    const env = {
      DATA_DIR: dir,
      DATABASE_URL: testDatabaseUrl.startsWith('postgres')
        ? testDatabaseUrl
        : `sqlite:${path.join(dir, 'c.db')}`,
    };
    // On PostgreSQL this shares the test database's public schema, so it runs there alone in CI.
    const migrated = await candle(['migrate'], env);
    expect(migrated.stderr).toBe('');
    expect(migrated.code).toBe(0);
    const seeded = await candle(['seed', '--demo'], env);
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).toMatch(/loaded demo content: \d+ articles/);
    const before = await fs.readdir(path.join(dir, 'media'));
    expect(before.length).toBeGreaterThan(0);
    const again = await candle(['seed', '--demo'], env);
    expect(again.code).toBe(0);
    const after = await fs.readdir(path.join(dir, 'media'));
    // Reloading replaces the demo media instead of piling up copies.
    expect(after.length).toBe(before.length);
    expect(after.filter((f) => before.includes(f))).toEqual([]);
    await fs.rm(dir, { recursive: true, force: true });
  }, 120_000);

  it('keeps a worker running while idle, and stops it cleanly when told', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'candle-worker-'));
    const env = {
      ...process.env,
      LOG_LEVEL: 'silent',
      DATA_DIR: dir,
      DATABASE_URL: testDatabaseUrl.startsWith('postgres')
        ? testDatabaseUrl
        : `sqlite:${path.join(dir, 'c.db')}`,
    };
    const child = spawn(process.execPath, [...candleArgs(), 'worker'], { env });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    for (let i = 0; i < 600 && !out.includes('worker running'); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain('candle: worker running');
    // Idle with nothing queued: before, the process ended here on SQLite and mail was never sent.
    await new Promise((r) => setTimeout(r, 2500));
    expect(child.exitCode).toBeNull();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await fs.rm(dir, { recursive: true, force: true });
  }, 60_000);

  it.runIf(dialectUnderTest === 'sqlite')(
    'serve runs the jobs in a niced child process, starts another when it dies, and stops it with itself',
    async () => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'candle-child-'));
      const file = path.join(dir, 'c.db');
      const env = {
        ...process.env,
        LOG_LEVEL: 'silent',
        DATA_DIR: dir,
        DATABASE_URL: `sqlite:${file}`,
        PORT: '0',
      };
      const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], { env });
      let out = '';
      server.stdout.on('data', (d) => {
        out += d;
      });
      const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
      const until = async (done: () => boolean | Promise<boolean>) => {
        for (let i = 0; i < 1200 && !(await done()); i++) await new Promise((r) => setTimeout(r, 50));
        expect(await done(), out).toBe(true);
      };
      const children = () => [...out.matchAll(/background jobs in process (\d+)/g)].map((m) => Number(m[1]));
      const running = () => out.split('candle: worker running').length - 1;
      const alive = (pid: number) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      await until(() => running() === 1 && out.includes('candle: serving'));
      const [first] = children() as [number];
      expect(os.getPriority(first) - os.getPriority(server.pid as number)).toBe(10);

      const db = await openDatabase({ dialect: 'sqlite', file });
      const sent = async (to: string) => {
        await queueMail(db, { to, subject: 'A job', text: 'Run by the child.' }, new Date());
        await until(
          async () =>
            (await db.selectFrom('mail_outbox').select('id').where('to_address', '=', to).execute())
              .length === 1,
        );
      };
      try {
        await sent('first@example.org');
        // A worker that dies is replaced, and what is queued meanwhile still goes out.
        process.kill(first, 'SIGKILL');
        await until(() => running() === 2);
        const second = children()[1] as number;
        expect(second).not.toBe(first);
        await sent('second@example.org');
        server.kill('SIGTERM');
        expect(await exited).toBe(0);
        await until(() => !alive(second));
      } finally {
        await db.destroy();
        if (server.exitCode === null) server.kill('SIGKILL');
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
    90_000,
  );

  describe('stops with one clear line, no stack trace, when the machine says no', () => {
    const oneLine = (result: { code: number; stderr: string }, pattern: RegExp) => {
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(pattern);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    };
    let dir = '';
    beforeAll(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'candle-start-'));
    });
    afterAll(async () => {
      await fs.rm(dir, { recursive: true, force: true });
    });

    it('a file that is not a SQLite database', async () => {
      const file = path.join(dir, 'garbage.db');
      await fs.writeFile(file, Buffer.alloc(8192, 'not a database '));
      oneLine(
        await candle(['serve'], { DATABASE_URL: `sqlite:${file}`, DATA_DIR: path.join(dir, 'data') }),
        /^candle: Cannot open SQLite database .*garbage\.db: file is not a database \(.*check DATABASE_URL\)$/,
      );
    });

    it('a HOST that does not resolve, and one that is not this machine', async () => {
      const env = {
        DATABASE_URL: `sqlite:${path.join(dir, 'host.db')}`,
        DATA_DIR: path.join(dir, 'data'),
        PORT: '0',
      };
      oneLine(
        await candle(['serve'], { ...env, HOST: 'nowhere.invalid', DEMO_CONTENT: 'off' }),
        /^candle: cannot listen on nowhere\.invalid:0: HOST nowhere\.invalid does not resolve/,
      );
      // 192.0.2.1 is reserved for documentation: no machine has it, and binding sends nothing.
      oneLine(
        await candle(['serve'], { ...env, HOST: '192.0.2.1', DEMO_CONTENT: 'off' }),
        /^candle: cannot listen on 192\.0\.2\.1:0: 192\.0\.2\.1 is not an address of this machine/,
      );
    });

    it('a DATA_DIR that cannot be written', async () => {
      const file = path.join(dir, 'a-file');
      await fs.writeFile(file, '');
      oneLine(
        await candle(['serve'], {
          DATABASE_URL: `sqlite:${path.join(dir, 'd.db')}`,
          DATA_DIR: path.join(file, 'data'),
        }),
        /^candle: DATA_DIR .*a-file\/data cannot be written \(ENOTDIR/,
      );
      oneLine(
        await candle(['seed', '--demo'], {
          DATABASE_URL: `sqlite:${path.join(dir, 'd.db')}`,
          DATA_DIR: path.join(file, 'data'),
        }),
        /^candle: DATA_DIR .*cannot be written/,
      );
    });

    // A read-only filesystem needs a mount; a user and mount namespace of its own gives one without
    // touching the machine. Skipped where namespaces are not allowed.
    const namespaces = (() => {
      try {
        execFileSync('unshare', ['-Urm', 'true'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    })();
    it.skipIf(!namespaces)('a database and a DATA_DIR on a read-only filesystem', async () => {
      const ro = path.join(dir, 'ro');
      await fs.mkdir(ro);
      const migrated = await candle(['migrate'], { DATABASE_URL: `sqlite:${path.join(ro, 'c.db')}` });
      expect(migrated.code).toBe(0);
      const inReadOnly = (env: Record<string, string>) => {
        const vars = Object.entries({ LOG_LEVEL: 'silent', PORT: '0', ...env }).map(([k, v]) => `${k}=${v}`);
        try {
          execFileSync(
            'unshare',
            [
              '-Urm',
              'sh',
              '-c',
              `mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec env "$@"`,
              ro,
              ...vars,
              process.execPath,
              ...candleArgs(),
              'serve',
            ],
            { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 },
          );
          return { code: 0, stderr: '' };
        } catch (err) {
          const e = err as { status: number; stderr: Buffer };
          return { code: e.status, stderr: e.stderr.toString() };
        }
      };
      oneLine(
        inReadOnly({ DATABASE_URL: `sqlite:${path.join(ro, 'c.db')}`, DATA_DIR: path.join(dir, 'data') }),
        /^candle: Cannot open SQLite database .*c\.db: .*\(SQLite must be able to write/,
      );
      oneLine(
        inReadOnly({ DATABASE_URL: `sqlite:${path.join(dir, 'w.db')}`, DATA_DIR: path.join(ro, 'data') }),
        /^candle: DATA_DIR .*ro\/data cannot be written \(EROFS/,
      );
    });
  });
});
