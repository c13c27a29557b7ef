import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  to: string[];
  /** The envelope sender (MAIL FROM), where the receiving system sends its bounce reports. */
  from: string;
  parsed: ParsedMail;
  /** The message exactly as it arrived, for checks that need the bytes (a DKIM signature). */
  raw: Buffer;
}

/**
 * A real SMTP peer for tests: it accepts mail on a free port and parses each message as a mail
 * client would. `refuse` answers 550 for an address; `hold` keeps a message's answer back until
 * told (a server that is slow to accept), to leave a sender mid-batch.
 */
export async function smtpPeer(port = 0) {
  const received: Received[] = [];
  const refuse = new Set<string>();
  const held: Array<{ to: string[]; answer: (err?: Error) => void }> = [];
  let holdFor: string | null = null;
  const server = new SMTPServer({
    // Closed after the app that sends to it: a connection still open then is one its sender
    // abandoned. nodemailer's pool closes only the connections it holds available, and the one
    // that carried a refused recipient (550 at RCPT) is left unavailable, never closed; smtp-server
    // would wait its default 30 s for it before closing (tests/integration/network-sends.test.ts
    // paid that at every run). A quarter of a second lets the others end as they are closing.
    closeTimeout: 250,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse.has(address.address.toLowerCase())) {
        const err = Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      simpleParser(stream).then(
        (parsed) => {
          const raw = Buffer.concat(chunks);
          if (holdFor && to.includes(holdFor)) {
            held.push({ to, answer: (err) => callback(err ?? null) });
            return;
          }
          const mailFrom = session.envelope.mailFrom;
          received.push({ to, from: mailFrom ? mailFrom.address : '', parsed, raw });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.server.address() as AddressInfo;
  return {
    port: address.port,
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    refuse,
    held,
    hold(address: string | null) {
      holdFor = address;
    },
    /** Messages received for an address. */
    to(address: string) {
      return received.filter((r) => r.to.includes(address));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpPeer = Awaited<ReturnType<typeof smtpPeer>>;
