import type { Db, Role, SessionRow, UserRow } from '../platform/db/index.js';
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
/** After this many wrong passwords in a row, logins pause; the pause is short and never permanent. */
export const LOCK_AFTER = 5;
export const LOCK_MS = 15 * 60_000;
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
  | { ok: false; reason: 'email-taken' | 'weak-password'; detail: string };

export async function createUser(
  deps: AccountsDeps,
  input: { email: string; name: string; role: Role; password: string },
  actor: Actor,
): Promise<CreateUserOutcome> {
  const problem = passwordProblem(input.password);
  if (problem) return { ok: false, reason: 'weak-password', detail: `The password ${problem}.` };
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (existing)
      return { ok: false, reason: 'email-taken', detail: 'Someone already has an account with that email.' };
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
        summary: `Created ${input.role} ${email}`,
        after: { email, name: user.name, role: user.role },
      },
      now,
    );
    return { ok: true, user };
  });
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type LoginOutcome =
  | { ok: true; token: string; stage: 'active' | 'second-factor' }
  | { ok: false; reason: 'invalid' | 'locked'; retryAfterMinutes?: number };

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

/**
 * Checks an email and password. Wrong passwords pause the account for a quarter of an hour after
 * five in a row; the pause ends by itself and a password reset lifts it, so nobody can lock a
 * colleague out for good by typing their email.
 */
export async function logIn(
  deps: AccountsDeps,
  input: { email: string; password: string },
  client: { ip: string; userAgent: string },
  previousToken: string | undefined,
): Promise<LoginOutcome> {
  const now = deps.now();
  const user = await deps.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', normaliseEmail(input.email))
    .executeTakeFirst();
  if (user?.status !== 'active') {
    await verifyPassword(await dummyHash(), input.password);
    return { ok: false, reason: 'invalid' };
  }
  if (user.locked_until && user.locked_until > now.toISOString()) {
    const minutes = Math.ceil((Date.parse(user.locked_until) - now.getTime()) / 60_000);
    return { ok: false, reason: 'locked', retryAfterMinutes: minutes };
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    const failures = user.failed_logins + 1;
    const lock = failures >= LOCK_AFTER;
    await deps.db
      .updateTable('users')
      .set({
        failed_logins: lock ? 0 : failures,
        locked_until: lock ? new Date(now.getTime() + LOCK_MS).toISOString() : user.locked_until,
      })
      .where('id', '=', user.id)
      .execute();
    if (lock) {
      await recordAudit(
        deps.db,
        { userId: null, label: 'system', ip: client.ip },
        {
          action: 'user.lock',
          entityType: 'user',
          entityId: user.id,
          summary: `Login paused for ${user.email} after ${LOCK_AFTER} wrong passwords`,
        },
        now,
      );
      return { ok: false, reason: 'locked', retryAfterMinutes: LOCK_MS / 60_000 };
    }
    return { ok: false, reason: 'invalid' };
  }
  // A new session on every login: a session id planted before login is worth nothing after it.
  if (previousToken) await deps.db.deleteFrom('sessions').where('id', '=', sha256(previousToken)).execute();
  const stage = user.totp_secret ? 'second-factor' : 'active';
  const token = await openSession(deps, user.id, stage, client);
  await deps.db
    .updateTable('users')
    .set({
      failed_logins: 0,
      locked_until: null,
      ...(stage === 'active' ? { last_login_at: now.toISOString() } : {}),
    })
    .where('id', '=', user.id)
    .execute();
  return { ok: true, token, stage };
}

export async function completeSecondFactor(deps: AccountsDeps, staff: Staff, code: string): Promise<boolean> {
  if (staff.session.stage !== 'second-factor' || !staff.user.totp_secret) return false;
  if (!(await verifyTotp(staff.user.totp_secret, code))) return false;
  await deps.db.updateTable('sessions').set({ stage: 'active' }).where('id', '=', staff.session.id).execute();
  await deps.db
    .updateTable('users')
    .set({ last_login_at: deps.now().toISOString() })
    .where('id', '=', staff.user.id)
    .execute();
  return true;
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
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        password_hash: passwordHash,
        password_changed_at: now.toISOString(),
        failed_logins: 0,
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
        summary: 'Changed password; ended all sessions',
      },
      now,
    );
  });
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
        summary: `Password reset link sent to ${user.email}`,
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
  const user = await findResetUser(deps, token);
  if (!user)
    return { ok: false, detail: 'This reset link has expired or was already used. Ask for a new one.' };
  const result = await changePassword(deps, user.id, password, {
    userId: user.id,
    label: `${user.name} (${user.email})`,
    ip,
  });
  if (result.ok) {
    await deps.db
      .updateTable('password_resets')
      .set({ used_at: deps.now().toISOString() })
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute();
  }
  return result;
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
        summary: secret ? 'Turned on two-factor login' : 'Turned off two-factor login',
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
        summary: `Ended ${Number(ended.numDeletedRows)} session(s) of ${user.email}`,
      },
      now,
    );
    return true;
  });
}
