import type http from 'node:http';
import type { Socket } from 'node:net';

/** What the lane needs to answer one request: the page's full response, or null to pass. */
export type HitAnswer = (request: {
  method: 'GET' | 'HEAD';
  url: string;
  'if-none-match'?: string;
  'accept-encoding'?: string;
}) => { head: Buffer; body: Buffer | null } | null;

/**
 * A fast lane for page-cache hits, in front of Node's HTTP server. Node's HTTP machinery costs
 * some 85,000 instructions a request before any of Candle's code runs, more than serving a cached
 * page needs by three times: with it, one process served cached pages at about half of nginx's
 * rate on the same machine; without it, at nginx's (docs/benchmarks.md).
 *
 * The lane reads each new connection itself. A request it answers is only the plainest kind: a
 * whole `GET` or `HEAD` head in the bytes at hand, `HTTP/1.1`, an origin-form address of visible
 * ASCII, one `Host`, well-formed header lines, nothing that could announce a body or change the
 * connection (`Content-Length`, `Transfer-Encoding`, `Connection` other than keep-alive,
 * `Upgrade`, `Expect`), and a page in the cache. At the first request that is anything else, or
 * a head split across reads, the connection goes to Node's HTTP server for good, with the bytes
 * not yet answered: Node parses, limits, times out and answers everything the lane does not, so
 * the lane never has to agree with Node about anything but the plainest requests.
 */
export class HitLane {
  /** The connections the lane holds, each with its listeners. */
  private readonly connections = new Map<Socket, { onData: (chunk: Buffer) => void; onClose: () => void }>();
  private date = '';
  private dateUntil = 0;

  constructor(
    private readonly server: http.Server,
    private readonly nodeConnection: (socket: Socket) => void,
    private readonly answer: HitAnswer,
    private readonly isClosing: () => boolean,
  ) {}

  /** Installs the lane as the server's only connection listener, in front of Node's. */
  static install(server: http.Server, answer: HitAnswer, isClosing: () => boolean): HitLane {
    const listeners = server.listeners('connection') as Array<(socket: Socket) => void>;
    const node = listeners[0];
    if (listeners.length !== 1 || !node) throw new Error('the HTTP server has no single connection listener');
    server.removeListener('connection', node);
    const lane = new HitLane(server, (socket) => node.call(server, socket), answer, isClosing);
    server.on('connection', (socket: Socket) => lane.adopt(socket));
    return lane;
  }

  /** How many connections the lane holds. */
  get size(): number {
    return this.connections.size;
  }

  /** Ends every connection the lane holds: between reads it holds no request half answered. */
  closeIdle(): void {
    for (const socket of [...this.connections.keys()]) {
      this.release(socket);
      socket.end();
      // A client that never closes its side is not waited for.
      setTimeout(() => socket.destroy(), 2000).unref();
    }
  }

  private adopt(socket: Socket): void {
    const listeners = {
      onData: (chunk: Buffer) => this.read(socket, chunk),
      onClose: () => this.connections.delete(socket),
    };
    this.connections.set(socket, listeners);
    socket.on('data', listeners.onData);
    socket.on('close', listeners.onClose);
    socket.on('error', destroy);
    socket.on('timeout', destroy);
    // Idle between requests: Node's own keep-alive timeout applies.
    socket.setTimeout(this.server.keepAliveTimeout);
  }

  private read(socket: Socket, chunk: Buffer): void {
    let at = 0;
    socket.cork();
    try {
      while (at < chunk.length) {
        const end = chunk.indexOf(HEAD_END, at);
        const request = end < 0 || this.isClosing() ? null : parseHead(chunk, at, end);
        const answer = request ? this.answer(request) : null;
        if (!answer || !request) {
          this.handOver(socket, chunk.subarray(at));
          return;
        }
        socket.write(answer.head);
        socket.write(this.closingLines(), 'latin1');
        if (answer.body && request.method === 'GET') socket.write(answer.body);
        at = end + HEAD_END.length;
      }
    } finally {
      socket.uncork();
    }
    // A client that sends faster than it reads is read no further until it has read.
    if (socket.writableNeedDrain) {
      socket.pause();
      socket.once('drain', () => socket.resume());
    }
  }

  /** The headers Node adds to every answer, and the blank line: the date changes each second. */
  private closingLines(): string {
    const now = Date.now();
    if (now >= this.dateUntil) {
      this.dateUntil = now - (now % 1000) + 1000;
      const keepAlive = Math.floor(this.server.keepAliveTimeout / 1000);
      this.date = `Date: ${new Date(now).toUTCString()}\r\nConnection: keep-alive\r\nKeep-Alive: timeout=${keepAlive}\r\n\r\n`;
    }
    return this.date;
  }

  private release(socket: Socket): void {
    const listeners = this.connections.get(socket);
    this.connections.delete(socket);
    if (listeners) {
      socket.removeListener('data', listeners.onData);
      socket.removeListener('close', listeners.onClose);
    }
    socket.removeListener('error', destroy);
    socket.removeListener('timeout', destroy);
    socket.setTimeout(0);
  }

  /** The connection goes to Node's HTTP server, which reads `rest` as the start of its stream. */
  private handOver(socket: Socket, rest: Buffer): void {
    this.release(socket);
    this.nodeConnection(socket);
    if (rest.length > 0) socket.emit('data', rest);
  }
}

const HEAD_END = Buffer.from('\r\n\r\n');

function destroy(this: Socket) {
  this.destroy();
}

const REQUEST_LINE = /^(GET|HEAD) (\/[\x21-\x7e]*) HTTP\/1\.1$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Visible ASCII, space, tab and obs-text: what Node accepts in a value. */
const VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Headers that could announce a body or change the connection: Node's to handle. */
const NOT_PLAIN = new Set(['content-length', 'transfer-encoding', 'upgrade', 'expect', 'http2-settings']);

/** The request whose head is bytes [from, end), if it is one the lane may answer. */
export function parseHead(bytes: Buffer, from: number, end: number): Parameters<HitAnswer>[0] | null {
  const lines = bytes.toString('latin1', from, end).split('\r\n');
  const start = REQUEST_LINE.exec(lines[0] ?? '');
  if (!start) return null;
  const request: Parameters<HitAnswer>[0] = { method: start[1] as 'GET' | 'HEAD', url: start[2] as string };
  let hosts = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return null;
    const value = line.slice(colon + 1).trim();
    if (!VALUE.test(value) || value.includes('\n') || value.includes('\r')) return null;
    const lower = name.toLowerCase();
    if (NOT_PLAIN.has(lower)) return null;
    if (lower === 'host') hosts++;
    else if (lower === 'connection') {
      if (value.toLowerCase() !== 'keep-alive') return null;
    } else if (lower === 'if-none-match' || lower === 'accept-encoding') {
      if (request[lower] !== undefined) return null;
      request[lower] = value;
    }
  }
  return hosts === 1 ? request : null;
}
