import fs from 'node:fs/promises';
import path from 'node:path';

export class DirectoryUnwritableError extends Error {}

/**
 * Makes a folder (and its parents) one level at a time and proves it can be written, so a wrong
 * DATA_DIR stops start-up with its reason instead of failing at the first upload. Parents are made
 * one by one because Node's recursive mkdir never returns for a path under /proc.
 */
export async function ensureWritableDir(dir: string, setting: string): Promise<void> {
  const absolute = path.resolve(dir);
  try {
    const missing: string[] = [];
    for (let at = absolute; ; at = path.dirname(at)) {
      const found = await fs.stat(at).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      });
      if (found) {
        if (!found.isDirectory())
          throw Object.assign(new Error(`${at} is not a folder`), { code: 'ENOTDIR' });
        break;
      }
      missing.unshift(at);
      if (path.dirname(at) === at) break;
    }
    for (const folder of missing) await fs.mkdir(folder).catch(ignoreExisting);
    const probe = path.join(absolute, `.candle-write-check-${process.pid}`);
    await fs.writeFile(probe, '');
    await fs.rm(probe, { force: true });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reason = e.code ? `${e.code}: ${e.message.replace(/^\w+: /, '')}` : e.message;
    throw new DirectoryUnwritableError(
      `${setting} ${absolute} cannot be written (${reason}); Candle keeps uploads and image variants there`,
    );
  }
}

function ignoreExisting(err: NodeJS.ErrnoException): void {
  if (err.code !== 'EEXIST') throw err;
}
