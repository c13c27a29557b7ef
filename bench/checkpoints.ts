// The checkpoints a production job worker runs (src/platform/db/checkpoint.ts), alone: for a bench
// that runs the server without its worker (WORKER=off) and still wants SQLite's log kept short off
// the server's thread, as in production.
//   npx tsx bench/checkpoints.ts <sqlite file>     (stops on SIGTERM)
import { openDatabase, startCheckpoints } from '../src/platform/db/index.js';

const file = process.argv[2];
if (!file) throw new Error('usage: checkpoints.ts <sqlite file>');
const db = await openDatabase({ dialect: 'sqlite', file });
const stop = startCheckpoints(db, (err) => process.stderr.write(`checkpoint failed: ${String(err)}\n`));
const alive = setInterval(() => {}, 3_600_000);
process.on('SIGTERM', () => {
  stop();
  clearInterval(alive);
  void db.destroy().then(() => process.exit(0));
});
