import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { uniqueViolation } from '../platform/db/errors.js';
import type { Database, Db, Role, SessionRow, UserRow } from '../platform/db/index.js';
import { formatUtcMinute } from '../platform/i18n/index.js';
import { queueMail } from '../platform/mail/index.js';
import { type Actor, recordAudit } from './audit.js';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { newToken, sha256 } from './tokens.js';
import { verifyTotp } from './totp.js';

export interface AccountsDeps {
  db: Db;
  now: () => Date;
  publicUrl: string;
  siteName: string;
}

export const SESSION_IDLE_MS = 12 * 60 * 60_000;
export const SESSION_MAX_MS = 7 * 24 * 60 * 60_000;
/**
 * After this many wrong passwords in a row (or wrong two-factor codes after a right password),
 * logins pause; the pause is short and never permanent.
 */
export const LOCK_AFTER = 5;
export const LOCK_MS = 15 * 60_000;
export const LOCK_MINUTES = LOCK_MS / 60_000;
const RESET_MS = 60 * 60_000;

export interface Staff {
  user: UserRow;
  session: SessionRow;
}

export function actorOf(staff: Staff, ip: string): Actor {
  return { userId: staff.user.id, label: `${staff.user.name} (${staff.user.email})`, ip };
}

const normaliseEmail = (email: string) => email.trim().toLowerCase();

export type CreateUserOutcome =
  | { ok: true; user: UserRow }
  | { ok: false; reason: 'email-taken' | 'weak-password' | 'setup-done'; detail: string };

const EMAIL_TAKEN = {
  ok: false,
  reason: 'email-taken',
  detail: 'Someone already has an account with that email.',
} as const;

/**
 * Creates a staff account. `firstAccount` is the setup of the first administrator: it succeeds only
 * while there is no account at all, checked under the setup lock (migration 015) so two setups sent
 * at once cannot both create one.
 */
export async function createUser(
  deps: AccountsDeps,
  input: { email: string; name: string; role: Role; password: string },
  actor: Actor,
  options: { firstAccount?: boolean } = {},
): Promise<CreateUserOutcome> {
  const problem = passwordProblem(input.password);
  if (problem) return { ok: false, reason: 'weak-password', detail: `The password ${problem}.` };
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const now = deps.now();
  const created = deps.db.transaction().execute(async (trx): Promise<CreateUserOutcome> => {
    if (options.firstAccount) {
      await trx
        .updateTable('setup_lock')
        .set((eb) => ({ taken: eb('taken', '+', 1) }))
        .where('id', '=', 1)
        .execute();
      if ((await countUsers(trx)) > 0)
        return { ok: false, reason: 'setup-done', detail: 'An administrator has already been created.' };
    }
    const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (existing) return EMAIL_TAKEN;
    const user = await trx
      .insertInto('users')
      .values({
        email,
        name: input.name.trim(),
        role: input.role,
        status: 'active',
        password_hash: passwordHash,
        totp_secret: null,
        locked_until: null,
        password_changed_at: now.toISOString(),
        last_login_at: null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      actor,
      {
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        message: { key: 'audit.user.create', params: { role: input.role, email } },
        after: { email, name: user.name, role: user.role },
      },
      now,
    );
    return { ok: true, user };
  });
  // Two people giving the same address at the same moment: the second meets the unique index.
  return created.catch((err: unknown) => {
    if (uniqueViolation(err)?.column === 'email') return EMAIL_TAKEN;
    throw err;
  });
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A refused login says nothing more: an unknown address, a wrong password and a paused account
 * get the same answer after the same work, so the login form cannot be used to find out who has
 * an account here.
 */
export type LoginOutcome = { ok: true; token: string; stage: 'active' | 'second-factor' } | { ok: false };

async function openSession(
  deps: AccountsDeps,
  userId: number,
  stage: 'active' | 'second-factor',
  client: { ip: string; userAgent: string },
): Promise<string> {
  const token = newToken();
  const now = deps.now();
  await deps.db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      user_id: userId,
      stage,
      csrf_secret: newToken(),
      ip: client.ip,
      user_agent: client.userAgent.slice(0, 300),
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_MAX_MS).toISOString(),
    })
    .execute();
  return token;
}

type Counter = 'failed_logins' | 'failed_codes';

/** Rows of users with no pause running at `nowIso`. */
const notPaused = (nowIso: string) => (eb: ExpressionBuilder<Database, 'users'>) =>
  eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)]);

const COUNTED = [
  'id',
  'email',
  'name',
  'password_hash',
  'totp_secret',
  'failed_logins',
  'failed_codes',
  'locked_until',
] as const;

/**
 * Counts one attempt at a sign-in step BEFORE it is checked, in one statement, and returns the
 * account as that statement left it. Parallel attempts each get a number of their own (reading the
 * count and writing it back plus one let 40 parallel guesses end at a count of 1), and the number
 * decides whether the attempt may be checked at all: at most LOCK_AFTER per pause, however many
 * arrive at once. A pause that has run out is cleared by the same statement and both counts start
 * again, so counting during a pause can never make it last longer.
 */
async function countAttempt(db: Db, counter: Counter, which: { email: string } | { id: number }, now: Date) {
  const ended = sql<boolean>`locked_until is not null and locked_until <= ${now.toISOString()}`;
  const count = (column: Counter) =>
    column === counter
      ? sql<number>`case when ${ended} then 1 else ${sql.ref(column)} + 1 end`
      : sql<number>`case when ${ended} then 0 else ${sql.ref(column)} end`;
  let query = db
    .updateTable('users')
    .set({
      failed_logins: count('failed_logins'),
      failed_codes: count('failed_codes'),
      locked_until: sql<string | null>`case when ${ended} then null else locked_until end`,
    })
    .where('status', '=', 'active');
  query = 'email' in which ? query.where('email', '=', which.email) : query.where('id', '=', which.id);
  return query.returning(COUNTED).executeTakeFirst();
}

const pausedAt = (user: { locked_until: string | null }, nowIso: string) =>
  user.locked_until !== null && user.locked_until > nowIso;

/**
 * Starts a pause unless one is running. The pause, its audit entry and the mail to the owner are
 * one transaction, and the update only matches an account not yet paused, so however many
 * attempts cross the line together there is one pause, one entry and one mail. Anyone who knows
 * an address can pause that account: the owner is told, and a password reset lifts it.
 */
async function startPause(
  deps: AccountsDeps,
  user: { id: number; email: string; name: string },
  cause: 'password' | 'code',
  ip: string,
  now: Date,
): Promise<void> {
  const until = new Date(now.getTime() + LOCK_MS);
  const untilText = formatUtcMinute(until.toISOString());
  await deps.db.transaction().execute(async (trx) => {
    const started = await trx
      .updateTable('users')
      .set({ locked_until: until.toISOString() })
      .where('id', '=', user.id)
      .where(notPaused(now.toISOString()))
      .returning('id')
      .executeTakeFirst();
    if (!started) return;
    // Someone half-way through (right password, no code yet) starts again after the pause.
    await trx
      .deleteFrom('sessions')
      .where('user_id', '=', user.id)
      .where('stage', '=', 'second-factor')
      .execute();
    await recordAudit(
      trx,
      { userId: null, label: 'system', ip },
      {
        action: 'user.lock',
        entityType: 'user',
        entityId: user.id,
        message: {
          key: cause === 'password' ? 'audit.user.lock.password' : 'audit.user.lock.code',
          params: { email: user.email, until: untilText, count: LOCK_AFTER },
        },
      },
      now,
    );
    await queueMail(trx, pauseMail(deps, user, cause, untilText), now);
  });
}

function pauseMail(
  deps: AccountsDeps,
  user: { email: string; name: string },
  cause: 'password' | 'code',
  untilText: string,
) {
  const happened =
    cause === 'password'
      ? `There were ${LOCK_AFTER} wrong passwords in a row for your ${deps.siteName} account (${user.email}),`
      : `Someone typed the right password for your ${deps.siteName} account (${user.email}), then ${LOCK_AFTER} wrong two-factor codes,`;
  const ifNotYou =
    cause === 'password'
      ? 'If it was not you, someone may be trying to guess your password. Nobody got in: the pause is there to stop them. If your password is also used anywhere else, change it.'
      : 'If it was not you, someone knows your password: reset it now. Your two-factor code kept them out.';
  return {
    to: user.email,
    subject: `Logins to your ${deps.siteName} account are paused`,
    text: `Hello ${user.name},\n\n${happened} so logging in to it is paused for ${LOCK_MINUTES} minutes, until ${untilText}. After that it works again by itself.\n\nIf that was you, wait until then, or reset your password now: a reset ends the pause at once.\n${deps.publicUrl}/admin/reset\n\n${ifNotYou}\n\nWherever you are already logged in, you stay logged in.\n`,
  };
}

/**
 * Checks an email and password. Five wrong passwords in a row pause logins to the account for a
 * quarter of an hour; the pause ends by itself and a password reset lifts it, so nobody can lock a
 * colleague out for good by typing their email.
 *
 * Each attempt is counted before its password is checked (countAttempt), so the pause holds for
 * guesses already in flight: an attempt numbered beyond LOCK_AFTER is refused unread, and a right
 * password only opens a session if no pause began while it was being checked. Every answer costs
 * one password hash check, against a dummy hash when there is no password to check.
 */
export async function logIn(
  deps: AccountsDeps,
  input: { email: string; password: string },
  client: { ip: string; userAgent: string },
  previousToken: string | undefined,
): Promise<LoginOutcome> {
  const now = deps.now();
  const nowIso = now.toISOString();
  const user = await countAttempt(deps.db, 'failed_logins', { email: normaliseEmail(input.email) }, now);
  if (!user) {
    await verifyPassword(await dummyHash(), input.password);
    return { ok: false };
  }
  const paused = pausedAt(user, nowIso);
  if (paused || user.failed_logins > LOCK_AFTER) {
    // More attempts than may be checked arrived before the pause: this one starts it if need be.
    if (!paused) await startPause(deps, user, 'password', client.ip, now);
    await verifyPassword(await dummyHash(), input.password);
    return { ok: false };
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    if (user.failed_logins >= LOCK_AFTER) await startPause(deps, user, 'password', client.ip, now);
    return { ok: false };
  }
  const stage = user.totp_secret ? 'second-factor' : 'active';
  // A right password ends the run of wrong ones up to its own number (attempts counted after it
  // stay counted), but only while no pause is running: one begun during the check holds.
  const counted = user.failed_logins;
  const cleared = await deps.db
    .updateTable('users')
    .set({
      failed_logins: sql<number>`case when failed_logins > ${counted} then failed_logins - ${counted} else 0 end`,
      ...(stage === 'active' ? { last_login_at: nowIso } : {}),
    })
    .where('id', '=', user.id)
    .where(notPaused(nowIso))
    .returning('id')
    .executeTakeFirst();
  if (!cleared) return { ok: false };
  // A new session on every login: a session id planted before login is worth nothing after it.
  if (previousToken) await deps.db.deleteFrom('sessions').where('id', '=', sha256(previousToken)).execute();
  const token = await openSession(deps, user.id, stage, client);
  return { ok: true, token, stage };
}

export type CurrentPasswordOutcome = 'ok' | 'wrong' | 'paused';

/**
 * Checks the current password of a signed-in person before a change that needs it. Counted like
 * a login (the same counter and pause): whoever holds a stolen session cookie must not be able to
 * guess the password behind it at leisure. When the pause starts, every session of the account
 * ends, the one that was guessing included, and the owner is told.
 */
export async function checkCurrentPassword(
  deps: AccountsDeps,
  staff: Staff,
  password: string,
  ip: string,
): Promise<CurrentPasswordOutcome> {
  const now = deps.now();
  const nowIso = now.toISOString();
  const user = await countAttempt(deps.db, 'failed_logins', { id: staff.user.id }, now);
  if (!user) return 'paused';
  const paused = pausedAt(user, nowIso);
  const endSessions = async () => {
    await deps.db.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    return 'paused' as const;
  };
  if (paused || user.failed_logins > LOCK_AFTER) {
    if (!paused) await startPause(deps, user, 'password', ip, now);
    await verifyPassword(await dummyHash(), password);
    return endSessions();
  }
  if (!(await verifyPassword(user.password_hash, password))) {
    if (user.failed_logins < LOCK_AFTER) return 'wrong';
    await startPause(deps, user, 'password', ip, now);
    return endSessions();
  }
  const counted = user.failed_logins;
  await deps.db
    .updateTable('users')
    .set({
      failed_logins: sql<number>`case when failed_logins > ${counted} then failed_logins - ${counted} else 0 end`,
    })
    .where('id', '=', user.id)
    .execute();
  return 'ok';
}

export type SecondFactorOutcome = 'ok' | 'wrong' | 'paused';

/**
 * The second step of a login. Wrong codes are counted per account, as wrong passwords are (not
 * per address, nor per session: someone with the password could open sessions from many
 * addresses), and the fifth starts the same pause and ends this half-signed-in session.
 */
export async function completeSecondFactor(
  deps: AccountsDeps,
  staff: Staff,
  code: string,
  ip: string,
): Promise<SecondFactorOutcome> {
  if (staff.session.stage !== 'second-factor' || !staff.user.totp_secret) return 'wrong';
  const now = deps.now();
  const nowIso = now.toISOString();
  const endThisSession = async () => {
    await deps.db.deleteFrom('sessions').where('id', '=', staff.session.id).execute();
    return 'paused' as const;
  };
  const user = await countAttempt(deps.db, 'failed_codes', { id: staff.user.id }, now);
  if (!user?.totp_secret) return endThisSession();
  const paused = pausedAt(user, nowIso);
  if (paused || user.failed_codes > LOCK_AFTER) {
    if (!paused) await startPause(deps, user, 'code', ip, now);
    return endThisSession();
  }
  if (!(await verifyTotp(user.totp_secret, code))) {
    if (user.failed_codes < LOCK_AFTER) return 'wrong';
    await startPause(deps, user, 'code', ip, now);
    return endThisSession();
  }
  const counted = user.failed_codes;
  const cleared = await deps.db
    .updateTable('users')
    .set({
      failed_codes: sql<number>`case when failed_codes > ${counted} then failed_codes - ${counted} else 0 end`,
      last_login_at: nowIso,
    })
    .where('id', '=', user.id)
    .where(notPaused(nowIso))
    .returning('id')
    .executeTakeFirst();
  if (!cleared) return endThisSession();
  // Only a session still half-signed-in: a pause begun a moment ago has deleted it.
  const activated = await deps.db
    .updateTable('sessions')
    .set({ stage: 'active' })
    .where('id', '=', staff.session.id)
    .where('stage', '=', 'second-factor')
    .executeTakeFirst();
  return Number(activated.numUpdatedRows) === 1 ? 'ok' : 'paused';
}

/** The staff member behind a session cookie, if the session is alive; refreshes its idle clock. */
export async function staffFromToken(deps: AccountsDeps, token: string | undefined): Promise<Staff | null> {
  if (!token || token.length > 100) return null;
  const now = deps.now();
  const session = await deps.db
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', sha256(token))
    .executeTakeFirst();
  if (!session) return null;
  const idleLimit = new Date(Date.parse(session.last_seen_at) + SESSION_IDLE_MS).toISOString();
  if (session.expires_at <= now.toISOString() || idleLimit <= now.toISOString()) {
    await deps.db.deleteFrom('sessions').where('id', '=', session.id).execute();
    return null;
  }
  const user = await deps.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', session.user_id)
    .executeTakeFirst();
  if (user?.status !== 'active') return null;
  // Touch at most once a minute: a busy editor does not write on every request.
  if (now.getTime() - Date.parse(session.last_seen_at) > 60_000) {
    await deps.db
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('id', '=', session.id)
      .execute();
  }
  return { user, session };
}

export async function logOut(deps: AccountsDeps, token: string | undefined): Promise<void> {
  if (token) await deps.db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}

/** Stores a new password hash; ends every session of the user and any pause, in `trx`. */
async function storePassword(
  trx: Kysely<Database>,
  userId: number,
  passwordHash: string,
  actor: Actor,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      password_changed_at: now.toISOString(),
      failed_logins: 0,
      failed_codes: 0,
      locked_until: null,
      updated_at: now.toISOString(),
    })
    .where('id', '=', userId)
    .execute();
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await recordAudit(
    trx,
    actor,
    {
      action: 'user.password',
      entityType: 'user',
      entityId: userId,
      message: { key: 'audit.user.password' },
    },
    now,
  );
}

/** Changing a password ends every session of the user, this one included. */
export async function changePassword(
  deps: AccountsDeps,
  userId: number,
  password: string,
  actor: Actor,
): Promise<{ ok: true } | { ok: false; detail: string }> {
  const problem = passwordProblem(password);
  if (problem) return { ok: false, detail: `The password ${problem}.` };
  const passwordHash = await hashPassword(password);
  const now = deps.now();
  await deps.db.transaction().execute((trx) => storePassword(trx, userId, passwordHash, actor, now));
  return { ok: true };
}

/** Always looks the same from outside, whether or not the email has an account. */
export async function requestPasswordReset(deps: AccountsDeps, email: string, ip: string): Promise<void> {
  const user = await deps.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', normaliseEmail(email))
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!user) return;
  const token = newToken();
  const now = deps.now();
  const link = `${deps.publicUrl}/admin/reset/${token}`;
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('password_resets')
      .values({
        token_hash: sha256(token),
        user_id: user.id,
        expires_at: new Date(now.getTime() + RESET_MS).toISOString(),
        used_at: null,
        created_at: now.toISOString(),
      })
      .execute();
    await queueMail(
      trx,
      {
        to: user.email,
        subject: `Reset your ${deps.siteName} password`,
        text: `Hello ${user.name},\n\nSomeone (we hope you) asked to reset your password for ${deps.siteName}.\nOpen this link within an hour to choose a new one:\n\n${link}\n\nIf you did not ask, ignore this message: your password stays as it is.\n`,
      },
      now,
    );
    await recordAudit(
      trx,
      { userId: null, label: 'system', ip },
      {
        action: 'user.reset-request',
        entityType: 'user',
        entityId: user.id,
        message: { key: 'audit.user.reset-request', params: { email: user.email } },
      },
      now,
    );
  });
}

export async function findResetUser(deps: AccountsDeps, token: string): Promise<UserRow | null> {
  if (token.length > 100) return null;
  const row = await deps.db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .selectAll('users')
    .where('password_resets.token_hash', '=', sha256(token))
    .where('password_resets.used_at', 'is', null)
    .where('password_resets.expires_at', '>', deps.now().toISOString())
    .executeTakeFirst();
  return row ?? null;
}

export async function resetPassword(
  deps: AccountsDeps,
  token: string,
  password: string,
  ip: string,
): Promise<{ ok: true } | { ok: false; detail: string }> {
  const refused = {
    ok: false,
    detail: 'This reset link has expired or was already used. Ask for a new one.',
  } as const;
  const problem = passwordProblem(password);
  if (problem) {
    // Said before the link is used up, so a too-short password can be corrected with the same link.
    return (await findResetUser(deps, token)) ? { ok: false, detail: `The password ${problem}.` } : refused;
  }
  if (token.length > 100) return refused;
  const passwordHash = await hashPassword(password);
  const now = deps.now();
  const nowIso = now.toISOString();
  return deps.db.transaction().execute(async (trx) => {
    // The link is used up by the statement that finds it unused: of two requests sent with it at
    // once, one gets it and the other nothing (reading, then marking it used, let both through).
    const claimed = await trx
      .updateTable('password_resets')
      .set({ used_at: nowIso })
      .where('token_hash', '=', sha256(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .returning('user_id')
      .executeTakeFirst();
    if (!claimed) return refused;
    const user = await trx
      .selectFrom('users')
      .select(['id', 'name', 'email'])
      .where('id', '=', claimed.user_id)
      .executeTakeFirst();
    if (!user) return refused;
    // Any other link the person asked for goes too.
    await trx
      .updateTable('password_resets')
      .set({ used_at: nowIso })
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute();
    await storePassword(
      trx,
      user.id,
      passwordHash,
      { userId: user.id, label: `${user.name} (${user.email})`, ip },
      now,
    );
    return { ok: true } as const;
  });
}

export async function setTotpSecret(
  deps: AccountsDeps,
  staff: Staff,
  secret: string | null,
  actor: Actor,
): Promise<void> {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ totp_secret: secret, updated_at: now.toISOString() })
      .where('id', '=', staff.user.id)
      .execute();
    await recordAudit(
      trx,
      actor,
      {
        action: secret ? 'user.2fa-on' : 'user.2fa-off',
        entityType: 'user',
        entityId: staff.user.id,
        message: { key: secret ? 'audit.user.2fa-on' : 'audit.user.2fa-off' },
      },
      now,
    );
  });
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('name').execute();
}

/** Ends every session of a user (recorded); false when there is no such user. */
export async function endSessions(deps: AccountsDeps, userId: number, actor: Actor): Promise<boolean> {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'email'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user) return false;
    const ended = await trx.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    await recordAudit(
      trx,
      actor,
      {
        action: 'user.sessions-end',
        entityType: 'user',
        entityId: userId,
        message: {
          key: 'audit.user.sessions-end',
          params: { count: Number(ended.numDeletedRows), email: user.email },
        },
      },
      now,
    );
    return true;
  });
}

/** The newest mail of the embedded outbox, where mail waits when no SMTP server is configured. */
export async function recentMail(db: Db, limit: number) {
  return db.selectFrom('mail_outbox').selectAll().orderBy('id', 'desc').limit(limit).execute();
}
