import path from 'node:path';
import { z } from 'zod';
import type { CdnPurgeTarget } from './platform/cache/cdn-purge.js';
import type { DatabaseTarget } from './platform/db/connect.js';
import { type DkimSettings, DkimSettingsError, isDnsName, readDkimPrivateKey } from './platform/mail/dkim.js';

export type { CdnPurgeTarget, DatabaseTarget };

/** Every setting Candle reads from the environment, with the defaults of the embedded mode. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'must start with sqlite: or postgres://')
    .default('sqlite:data/candle.db'),
  DATA_DIR: z.string().min(1).default('data'),
  SITE_NAME: z.string().min(1).default('Candle'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PAGE_CACHE_ENTRIES: z.coerce.number().int().min(0).default(2000),
  PAGE_CACHE_MAX_AGE: z.coerce.number().int().min(1).default(600),
  ITEM_CACHE_ENTRIES: z.coerce.number().int().min(0).default(2000),
  DEMO_CONTENT: z.enum(['auto', 'off']).default('auto'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .refine(
      (value) => URL.canParse(value) && new URL(value).hostname !== '',
      'must name the server: smtp://host:587',
    )
    .optional(),
  MAIL_FROM: z.string().min(3).default('Candle <no-reply@localhost>'),
  // 'on' is what 'here' was called before the child process became the default.
  WORKER: z.enum(['child', 'here', 'on', 'off']).default('child'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  PROOF_OF_WORK_STEPS: z.coerce.number().int().min(10).max(1_000_000).default(4_000),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  CDN_PURGE: z
    .string()
    .regex(
      /^varnish:https?:\/\/[^/\s,]+\/?(,https?:\/\/[^/\s,]+\/?)*$/,
      'must be varnish:http://host:port (several Varnish servers separated by commas)',
    )
    .optional(),
  CONSENT_RECORD_IP: z.enum(['on', 'off']).default('off'),
  LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LINK_SECRET_PREVIOUS: z.string().min(32, 'must be at least 32 characters').optional(),
  SUPPRESSION_WEBHOOK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  UNSUBSCRIBE_MAILTO: z.email().optional(),
  BOUNCE_ADDRESS: z
    .email()
    .refine(
      (a) => !a.slice(0, a.lastIndexOf('@')).includes('+'),
      'must have no + (Candle adds +<token> itself)',
    )
    .optional(),
  MAIL_RATE_PER_DOMAIN: z.coerce.number().int().min(0).max(1_000_000).default(600),
  DKIM_DOMAIN: z.string().refine(isDnsName, 'must be a domain name such as example.org').optional(),
  DKIM_SELECTOR: z.string().refine(isDnsName, 'must be DNS labels such as candle or mail2026').optional(),
  DKIM_PRIVATE_KEY: z.string().min(1).optional(),
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  DIGEST_TIME_ZONE: z
    .string()
    .refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC')
    .default('UTC'),
});

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  database: DatabaseTarget;
  dataDir: string;
  siteName: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  pageCacheEntries: number;
  /** Seconds a cached page is served at most, purged or not: the safety net under purges. */
  pageCacheMaxAge: number;
  /**
   * Listed items kept per language with their rendered cards (newsroom/listed-items.ts), purged
   * with the pages; the same age limit.
   */
  itemCacheEntries: number;
  demoContent: 'auto' | 'off';
  /** Unset: mail goes to the embedded outbox, shown to administrators under /admin/outbox. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /**
   * Where `serve` runs the background jobs: in a niced child process it supervises (`child`), in
   * its own process (`here`), or not at all (`off`, when separate `candle-worker` processes run).
   */
  worker: 'child' | 'here' | 'off';
  /** Attempts the public forms' proof of work takes on average (PROOF_OF_WORK_STEPS). */
  proofOfWorkSteps: number;
  /** Jobs a worker runs side by side (WORKER_CONCURRENCY). */
  workerConcurrency: number;
  /** Believe X-Forwarded-For: set when Candle runs behind a reverse proxy or CDN. */
  trustProxy: boolean;
  /** Unset: no cache in front needs telling when content changes (it only ages pages out). */
  cdnPurge: CdnPurgeTarget | undefined;
  /** Keep the client's IP address with each consent event. Off: supporters' data is kept minimal. */
  consentRecordIp: boolean;
  /**
   * Signs subscribers' unsubscribe and preference links. Unset: a secret generated once and kept
   * in the database. Rotate by setting a new one and the old one as `linkSecretPrevious` (still
   * accepted, never used to sign) until the longest link has expired (90 days).
   */
  linkSecret: string | undefined;
  linkSecretPrevious: string | undefined;
  /** Shared with the SMTP relay that posts bounces and complaints; unset: the webhook is off (404). */
  suppressionWebhookSecret: string | undefined;
  /** A mailbox that handles unsubscribe requests by mail, for List-Unsubscribe's mailto; unset: https only. */
  unsubscribeMailto: string | undefined;
  /**
   * Where reports of mail that bounced after the relay took it go: letters and supporters' mails
   * are sent with the envelope sender `<local>+<signed token>@<domain>`, and whatever the mail
   * system delivers there is fed to `candle mail bounces` or POSTed to /hooks/bounces. Unset:
   * the envelope sender is MAIL_FROM's address and only refusals at sending time are seen.
   */
  bounceAddress: string | undefined;
  /** Alert messages a minute to one recipient domain; more wait for the next minute. 0: no limit. */
  mailRatePerDomain: number;
  /** Signs every message sent over SMTP (DKIM); unset: messages go unsigned, or the relay signs. */
  dkim: DkimSettings | undefined;
  digest: { hour: number; timeZone: string };
}

export class ConfigError extends Error {}

export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!file)
      throw new ConfigError('DATABASE_URL: sqlite: needs a file path, for example sqlite:data/candle.db');
    return { dialect: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  }
  return { dialect: 'postgres', url };
}

const DKIM_VARIABLES = ['DKIM_DOMAIN', 'DKIM_SELECTOR', 'DKIM_PRIVATE_KEY'] as const;

/** All three DKIM settings or none: a half-configured signer would send unsigned mail unnoticed. */
function readDkim(e: z.infer<typeof schema>): DkimSettings | undefined {
  const missing = DKIM_VARIABLES.filter((name) => !e[name]);
  if (missing.length === DKIM_VARIABLES.length) return undefined;
  if (missing.length)
    throw new ConfigError(
      `Invalid configuration: DKIM needs DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY together; ${missing.join(' and ')} unset`,
    );
  try {
    return {
      domainName: (e.DKIM_DOMAIN as string).toLowerCase(),
      keySelector: e.DKIM_SELECTOR as string,
      privateKey: readDkimPrivateKey(e.DKIM_PRIVATE_KEY as string),
    };
  } catch (err) {
    if (err instanceof DkimSettingsError)
      throw new ConfigError(`Invalid configuration: DKIM_PRIVATE_KEY: ${err.message}`);
    throw err;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    database: parseDatabaseUrl(e.DATABASE_URL),
    dataDir: path.resolve(e.DATA_DIR),
    siteName: e.SITE_NAME,
    logLevel: e.LOG_LEVEL,
    pageCacheEntries: e.PAGE_CACHE_ENTRIES,
    pageCacheMaxAge: e.PAGE_CACHE_MAX_AGE,
    itemCacheEntries: e.ITEM_CACHE_ENTRIES,
    demoContent: e.DEMO_CONTENT,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    worker: e.WORKER === 'on' ? 'here' : e.WORKER,
    workerConcurrency: e.WORKER_CONCURRENCY,
    proofOfWorkSteps: e.PROOF_OF_WORK_STEPS,
    trustProxy: e.TRUST_PROXY === 'true',
    cdnPurge: e.CDN_PURGE
      ? { provider: 'varnish', urls: e.CDN_PURGE.slice('varnish:'.length).split(',') }
      : undefined,
    consentRecordIp: e.CONSENT_RECORD_IP === 'on',
    linkSecret: e.LINK_SECRET,
    linkSecretPrevious: e.LINK_SECRET_PREVIOUS,
    suppressionWebhookSecret: e.SUPPRESSION_WEBHOOK_SECRET,
    unsubscribeMailto: e.UNSUBSCRIBE_MAILTO,
    bounceAddress: e.BOUNCE_ADDRESS?.toLowerCase(),
    mailRatePerDomain: e.MAIL_RATE_PER_DOMAIN,
    dkim: readDkim(e),
    digest: { hour: e.DIGEST_HOUR, timeZone: e.DIGEST_TIME_ZONE },
  };
}
