// A local SMTP sink for the mail benches: accepts every message, reads nothing but its Message-ID,
// and (with a log file) appends "<recipient> <message-id>" per message, so a script can check who
// got what after a crash. Usage: node bench/smtp-sink.mjs <port> [log-file]
// It prints "listening <port>" when ready and answers "count" on stdin with the messages so far.
import fs from 'node:fs';
import readline from 'node:readline';
import { SMTPServer } from 'smtp-server';

const port = Number(process.argv[2] ?? 2525);
const logFile = process.argv[3];
let count = 0;
let pending = [];
const flush = () => {
  if (logFile && pending.length) fs.appendFileSync(logFile, pending.join(''));
  pending = [];
};
setInterval(flush, 200).unref();

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  // A relay takes far more than one client's connections; nodemailer's pool opens five.
  maxClients: 100,
  onData(stream, session, callback) {
    let head = '';
    stream.on('data', (chunk) => {
      if (head.length < 8192) head += chunk.toString('latin1');
    });
    stream.on('end', () => {
      count++;
      if (logFile) {
        const id = /^Message-ID:\s*(<[^>\r\n]*>)/im.exec(head)?.[1] ?? '-';
        for (const r of session.envelope.rcptTo) pending.push(`${r.address.toLowerCase()} ${id}\n`);
      }
      callback();
    });
  },
});
// A client killed mid-message (the crash bench does that) resets its connection: not our error.
server.on('error', () => {});
server.listen(port, '127.0.0.1', () => process.stdout.write(`listening ${port}\n`));
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'count') {
    flush();
    process.stdout.write(`count ${count}\n`);
  }
});
process.on('SIGTERM', () => {
  flush();
  process.exit(0);
});
