import { createUser } from './accounts/index.js';
import { describeOutcome, recordBounce } from './actions/index.js';
import { buildApp, suppressBounced } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { isEmpty, loadDemo } from './demo/index.js';
import { enableCdnPurge } from './platform/cache/cdn-purge.js';
import {
  DatabaseUnavailableError,
  type Db,
  migrateToLatest,
  openDatabase,
  ROLES,
  type Role,
  startCheckpoints,
} from './platform/db/index.js';
import { rebuildListings } from './platform/db/listings.js';
import { startWorkerChild, type WorkerChild } from './platform/jobs/child.js';
import { dnsAdvice, smtpEndpoint, verifySmtp } from './platform/mail/check.js';
import { DirectoryUnwritableError, ensureWritableDir } from './platform/writable-dir.js';
import { progressBar, reindexSearch } from './search/index.js';
import { loadSubscriberKeys } from './subscriptions/index.js';

const USAGE = `Usage: candle <command>

Commands:
  serve          migrate, load demo content into an empty database, and serve the site
  migrate        bring the database schema up to date
  seed --demo    replace all content with the demo content
  worker         run background jobs only (mail, scheduled publishing), for a separate process
  reindex        rebuild the search index (safe while the site serves)
  rebuild-listings
                 rebuild the listing index of countries, regions, topics and cases from the articles
  mail check     print the DNS records (SPF, DKIM, DMARC) mail needs and test the SMTP connection
  mail bounces [--recipient ADDRESS]
                 record a bounce report (RFC 3464) read from standard input: a letter to an
                 official becomes bounced, a supporter's address bounced for good gets no more mail
  user create --email E --name N --role admin|editor|author|campaigner
                 create a staff account; the password is read from CANDLE_PASSWORD or asked for
  help           show this text

Configuration comes from the environment: see README.md.`;

/** Failures an operator can fix: one clear line, no stack trace. */
function fail(message: string): never {
  process.stderr.write(`candle: ${message}\n`);
  process.exit(1);
}

async function open(config: Config): Promise<Db> {
  const db = await openDatabase(config.database);
  await migrateToLatest(db);
  // Purges by commands that build no app (seed --demo) must reach the cache in front too.
  if (config.cdnPurge) enableCdnPurge(db);
  return db;
}

async function serve(config: Config): Promise<void> {
  const started = performance.now();
  await ensureWritableDir(config.dataDir, 'DATA_DIR');
  const db = await open(config);
  if (config.demoContent === 'auto' && (await isEmpty(db))) {
    const counts = await loadDemo({ db, dataDir: config.dataDir, now: () => new Date() });
    process.stdout.write(`candle: empty database, loaded demo content (${counts.articles} articles)\n`);
  }
  const { app, worker, purges, scheduleRecurringJobs } = await buildApp(config, db);
  // An in-memory SQLite database exists in this process only: its jobs can only run here.
  const where =
    config.worker === 'child' && config.database.dialect === 'sqlite' && config.database.file === ':memory:'
      ? 'here'
      : config.worker;
  let child: WorkerChild | undefined;
  let stopCheckpoints = () => {};
  if (where === 'here') {
    await scheduleRecurringJobs();
    worker.start();
    stopCheckpoints = startCheckpoints(db, (err) => app.log.warn({ err }, 'checkpoint failed'));
  }
  await purges.start();
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    await purges.stop();
    stopCheckpoints();
    await Promise.all([worker.stop(), child?.stop()]);
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await purges.stop();
    await worker.stop();
    await db.destroy();
    throw new StartupError(listenProblem(err, config));
  }
  // Started once the server listens, so a port already taken leaves no orphan worker behind.
  if (where === 'child') {
    const script = process.argv[1] as string;
    child = startWorkerChild({
      script,
      env: process.env,
      log: (m) => app.log.warn(m),
      started: (pid) => process.stdout.write(`candle: background jobs in process ${pid} (niced)\n`),
    });
  }
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`candle: serving ${config.publicUrl} (ready in ${ms} ms)\n`);
}

/** A failure whose message is the whole story for the operator. */
class StartupError extends Error {}

/** Why the server could not listen, in the operator's terms (HOST and PORT), or the error itself. */
function listenProblem(err: unknown, config: Config): string {
  const e = err as NodeJS.ErrnoException;
  const where = `${config.host}:${config.port}`;
  switch (e.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `cannot listen on ${where}: HOST ${config.host} does not resolve to an address (use localhost, 0.0.0.0 or an address of this machine)`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${where}: ${config.host} is not an address of this machine (use localhost, 0.0.0.0 or one of its addresses)`;
    case 'EADDRINUSE':
      return `cannot listen on ${where}: another program is using port ${config.port} (set PORT to a free one)`;
    case 'EACCES':
    case 'EPERM':
      return `cannot listen on ${where}: not allowed to use port ${config.port} (ports below 1024 need privileges; set PORT)`;
    default:
      return `cannot listen on ${where}: ${e.message}`;
  }
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function askPassword(): Promise<string> {
  if (process.env.CANDLE_PASSWORD) return process.env.CANDLE_PASSWORD;
  if (!process.stdin.isTTY) fail('set CANDLE_PASSWORD or run in a terminal to type the password');
  const readline = await import('node:readline/promises');
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const answer = await rl.question('Password (at least 12 characters): ');
  rl.close();
  return answer;
}

async function userCommand(config: Config, args: string[]): Promise<void> {
  if (args[0] !== 'create')
    fail('usage: candle user create --email E --name N --role admin|editor|author|campaigner');
  const email = option(args, 'email');
  const name = option(args, 'name') ?? email;
  const role = option(args, 'role') ?? 'admin';
  if (!email || !name) fail('user create needs --email');
  if (!(ROLES as readonly string[]).includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
  const password = await askPassword();
  const db = await open(config);
  const created = await createUser(
    { db, now: () => new Date(), publicUrl: config.publicUrl, siteName: config.siteName },
    { email, name, role: role as Role, password },
    { userId: null, label: 'command line', ip: '' },
  );
  await db.destroy();
  if (!created.ok) fail(created.detail);
  process.stdout.write(`candle: created ${role} ${created.user.email}\n`);
}

/**
 * Exit codes a mail system's pipe understands (sysexits.h): a report it should not try again is
 * refused for good (65 unreadable, 67 not ours), a database that cannot be reached is "try later".
 */
const EX_DATAERR = 65;
const EX_NOUSER = 67;
const EX_TEMPFAIL = 75;

/**
 * `candle mail bounces`: one bounce report on standard input, as an MTA's pipe or a fetcher hands
 * it. The address it came to: `--recipient`, else what Postfix's local delivery exports to a
 * command (ORIGINAL_RECIPIENT, RECIPIENT), else the report's own headers.
 */
async function bouncesCommand(config: Config, args: string[]): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) fail('mail bounces reads a bounce report from standard input; it was empty');
  let db: Db;
  try {
    db = await open(config);
  } catch (err) {
    process.stderr.write(`candle: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(EX_TEMPFAIL);
  }
  const keys = await loadSubscriberKeys(db, config, new Date());
  const outcome = await recordBounce(
    { db, now: () => new Date(), keys: keys.linkKeys, onHardBounce: suppressBounced(keys.salt) },
    raw,
    option(args, 'recipient') ?? process.env.ORIGINAL_RECIPIENT ?? process.env.RECIPIENT,
  );
  await db.destroy();
  if (!outcome.ok) {
    process.stderr.write(`candle: ${describeOutcome(outcome)}\n`);
    process.exit(outcome.reason === 'unreadable' ? EX_DATAERR : EX_NOUSER);
  }
  process.stdout.write(`candle: ${describeOutcome(outcome)}\n`);
}

/** `candle mail check`: what to publish in DNS, then whether the SMTP server takes Candle's login. */
async function mailCommand(config: Config, args: string[]): Promise<void> {
  if (args[0] === 'bounces') return bouncesCommand(config, args.slice(1));
  if (args[0] !== 'check')
    fail('usage: candle mail check | candle mail bounces [--recipient ADDRESS] < report');
  if (!config.smtpUrl) {
    process.stdout.write(
      'candle: SMTP_URL is unset: mail goes to the embedded outbox (/admin/outbox) and nothing is sent, so there is nothing to check\n',
    );
    return;
  }
  process.stdout.write(`${dnsAdvice(config).join('\n')}\n\n`);
  const where = smtpEndpoint(config.smtpUrl);
  const result = await verifySmtp(config.smtpUrl);
  if (!result.ok) fail(`cannot send through ${where}: ${result.problem}`);
  process.stdout.write(
    `candle: the SMTP server at ${where} accepts Candle's connection${new URL(config.smtpUrl).username ? ' and login' : ''}\n`,
  );
}

async function main(argv: string[]): Promise<void> {
  const [command = 'serve', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      return serve(config);
    case 'migrate': {
      const db = await openDatabase(config.database);
      const applied = await migrateToLatest(db);
      await db.destroy();
      process.stdout.write(
        applied.length ? `candle: applied ${applied.join(', ')}\n` : 'candle: schema is up to date\n',
      );
      return;
    }
    case 'seed': {
      if (!rest.includes('--demo')) fail('seed needs --demo (it replaces all content with the demo content)');
      await ensureWritableDir(config.dataDir, 'DATA_DIR');
      const db = await open(config);
      const counts = await loadDemo({ db, dataDir: config.dataDir, now: () => new Date() });
      await db.destroy();
      process.stdout.write(
        `candle: loaded demo content: ${counts.articles} articles, ${counts.cases} cases, ${counts.images} images\n`,
      );
      return;
    }
    case 'worker': {
      await ensureWritableDir(config.dataDir, 'DATA_DIR');
      const db = await open(config);
      const { worker, app, scheduleRecurringJobs } = await buildApp(config, db);
      await scheduleRecurringJobs();
      worker.start();
      // The server's commits leave SQLite's checkpoints to this process (platform/db/checkpoint.ts).
      const stopCheckpoints = startCheckpoints(db, (err) => app.log.warn({ err }, 'checkpoint failed'));
      // The worker's timer does not hold the process open (so `serve` and tests can end), and an
      // idle SQLite worker has nothing else that would: this does, until told to stop.
      const alive = setInterval(() => {}, 3_600_000);
      process.stdout.write('candle: worker running\n');
      const stop = async () => {
        clearInterval(alive);
        stopCheckpoints();
        await worker.stop();
        await app.close();
        await db.destroy();
        process.exit(0);
      };
      process.on('SIGTERM', () => void stop());
      process.on('SIGINT', () => void stop());
      // Started by `serve` (platform/jobs/child.ts): the channel closes when the server is gone.
      if (process.send) process.on('disconnect', () => void stop());
      return;
    }
    case 'reindex': {
      const db = await open(config);
      const result = await reindexSearch(db, (p) => {
        const line = `candle: reindexing ${progressBar(p)}`;
        process.stdout.write(process.stdout.isTTY ? `\r${line}` : `${line}\n`);
      });
      await db.destroy();
      process.stdout.write(
        `${process.stdout.isTTY ? '\n' : ''}candle: indexed ${result.total} articles in ${result.ms} ms\n`,
      );
      return;
    }
    case 'rebuild-listings': {
      const db = await open(config);
      const counts = await rebuildListings(db);
      await db.destroy();
      const parts = Object.entries(counts).map(([kind, n]) => `${n} ${kind}`);
      process.stdout.write(`candle: rebuilt the listing index: ${parts.join(', ')} entries\n`);
      return;
    }
    case 'user':
      return userCommand(config, rest);
    case 'mail':
      return mailCommand(config, rest);
    default:
      fail(`unknown command "${command}"\n\n${USAGE}`);
  }
}

/** An error from the operating system (a file, a socket, an address), not from Candle's own code. */
function isSystemError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && 'syscall' in err;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (
    err instanceof ConfigError ||
    err instanceof DatabaseUnavailableError ||
    err instanceof DirectoryUnwritableError ||
    err instanceof StartupError
  )
    fail(err.message);
  // The machine said no (a full disk, a missing folder, a refused address): its words are the
  // message. Anything else is a defect in Candle, and its stack trace is what a report needs.
  if (isSystemError(err)) fail(err.message);
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
