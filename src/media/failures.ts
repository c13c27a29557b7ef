import { cannotWrite } from '../platform/db/errors.js';

/** Node's codes for a disk, or a quota, with no room left (fs writes, mkdir). */
const NO_ROOM_CODES = new Set(['ENOSPC', 'EDQUOT']);

/** libvips (sharp) reports a full disk in words, without a code. */
const NO_ROOM_MESSAGE = /No space left on device|Disk quota exceeded/i;

/**
 * True when a change could not be saved for the server's reasons, not the upload's: the disk is
 * full (ENOSPC, EDQUOT), or the database cannot write (SQLITE_FULL, PostgreSQL 53100 disk_full and
 * the other conditions `cannotWrite` names). The person is asked to try again later and keeps what
 * they typed; the error goes to the server's log, since someone must free space.
 */
export function cannotSave(err: unknown): boolean {
  if (cannotWrite(err)) return true;
  let e: unknown = err;
  // A wrapped error (`cause`) is looked through, a few levels deep.
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && NO_ROOM_CODES.has(code)) return true;
    if (typeof message === 'string' && NO_ROOM_MESSAGE.test(message)) return true;
    e = cause;
  }
  return false;
}
