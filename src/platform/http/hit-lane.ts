import type http from 'node:http';
import type { Socket } from 'node:net';

/** A request the lane may answer: what the page cache needs to know of it. */
export class HitRequest {
  constructor(
    readonly method: 'GET' | 'HEAD',
    readonly url: string,
    readonly ifNoneMatch: string | undefined,
    readonly acceptEncoding: string | undefined,
  ) {}
}

/**
 * A complete answer, made once per page and kind of answer: the status line and headers, and the
 * body. What goes on the wire is one buffer, remade when the second in the Date header changes:
 * one write a response, never corked (a corked socket's queue entries come from an allocation
 * site V8 had decided to put in the old generation, which then grew by 8 MB a second).
 */
export class HitResponse {
  private second = -1;
  private whole: Buffer | null = null;
  private headOnly: Buffer | null = null;

  constructor(
    readonly head: Buffer,
    readonly body: Buffer | null,
  ) {}

  /** The bytes to send this second: `closing` is the Date and connection headers of `second`. */
  bytes(second: number, closing: Buffer, withBody: boolean): Buffer {
    if (second !== this.second) {
      this.second = second;
      this.whole = null;
      this.headOnly = null;
    }
    if (withBody && this.body) {
      this.whole ??= Buffer.concat([this.head, closing, this.body]);
      return this.whole;
    }
    this.headOnly ??= Buffer.concat([this.head, closing]);
    return this.headOnly;
  }
}

/** The answer to a request from the page cache, or null to leave the request to Node. */
export type HitAnswer = (request: HitRequest) => HitResponse | null;

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
  private closing = Buffer.alloc(0);
  private second = 0;

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
    // Node's HTTP server allows half-open connections; a client that has sent all it will is
    // answered (the lane answers as it reads) and the connection ended.
    socket.on('end', end);
    // Idle between requests: Node's own keep-alive timeout applies.
    socket.setTimeout(this.server.keepAliveTimeout);
  }

  private read(socket: Socket, chunk: Buffer): void {
    for (let at = 0; at < chunk.length; ) {
      const end = chunk.indexOf(HEAD_END, at);
      const request = end < 0 || this.isClosing() ? null : parseHead(chunk, at, end);
      const answer = request ? this.answer(request) : null;
      if (!answer || !request) {
        this.handOver(socket, chunk.subarray(at));
        return;
      }
      this.tick();
      socket.write(answer.bytes(this.second, this.closing, request.method === 'GET'));
      at = end + HEAD_END.length;
    }
    // A client that sends faster than it reads is read no further until it has read.
    if (socket.writableNeedDrain) {
      socket.pause();
      socket.once('drain', () => socket.resume());
    }
  }

  /** The headers Node adds to every answer, and the blank line: the date changes each second. */
  private tick(): void {
    const second = Math.floor(Date.now() / 1000);
    if (second === this.second) return;
    this.second = second;
    const keepAlive = Math.floor(this.server.keepAliveTimeout / 1000);
    const date = new Date(second * 1000).toUTCString();
    this.closing = Buffer.from(
      `Date: ${date}\r\nConnection: keep-alive\r\nKeep-Alive: timeout=${keepAlive}\r\n\r\n`,
    );
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
    socket.removeListener('end', end);
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

function end(this: Socket) {
  this.end();
}

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const TAB = 0x09;
const CRLF = Buffer.from('\r\n');
const GET = Buffer.from('GET /');
const HEAD = Buffer.from('HEAD /');
const VERSION = Buffer.from(' HTTP/1.1');

/** The bytes of a header name (RFC 9110 token characters). */
const TOKEN = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
  TOKEN[c.charCodeAt(0)] = 1;
}

const name = (text: string) => Buffer.from(text);
const HOST = name('host');
const CONNECTION = name('connection');
const IF_NONE_MATCH = name('if-none-match');
const ACCEPT_ENCODING = name('accept-encoding');
const KEEP_ALIVE = name('keep-alive');
/** Headers that could announce a body or change the connection: Node's to handle. */
const NOT_PLAIN = ['content-length', 'transfer-encoding', 'upgrade', 'expect', 'http2-settings'].map(name);

function startsWith(bytes: Buffer, at: number, prefix: Buffer): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

/** Whether bytes [from, to) spell `lower`, in any case. */
function sameName(bytes: Buffer, from: number, to: number, lower: Buffer): boolean {
  if (to - from !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    const c = bytes[from + i] as number;
    if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== lower[i]) return false;
  }
  return true;
}

/**
 * The request whose head is bytes [from, end) (end: where its blank line starts), if it is one
 * the lane may answer. Read byte by byte, making no strings but the three it keeps: what it makes
 * per request, V8 may decide to allocate straight into the old generation.
 */
export function parseHead(bytes: Buffer, from: number, end: number): HitRequest | null {
  let method: 'GET' | 'HEAD';
  let at: number;
  if (startsWith(bytes, from, GET)) {
    method = 'GET';
    at = from + GET.length - 1;
  } else if (startsWith(bytes, from, HEAD)) {
    method = 'HEAD';
    at = from + HEAD.length - 1;
  } else return null;
  const lineEnd = bytes.indexOf(CRLF, at);
  if (lineEnd < 0 || lineEnd > end) return null;
  const space = lineEnd - VERSION.length;
  if (space <= at || !startsWith(bytes, space, VERSION)) return null;
  for (let i = at; i < space; i++) {
    const c = bytes[i] as number;
    if (c < 0x21 || c > 0x7e) return null;
  }
  const url = bytes.toString('latin1', at, space);
  let hosts = 0;
  let ifNoneMatch: string | undefined;
  let acceptEncoding: string | undefined;
  for (let line = lineEnd; line < end; ) {
    const start = line + 2;
    const stop = bytes.indexOf(CRLF, start);
    let colon = start;
    while (colon < stop && TOKEN[bytes[colon] as number] === 1) colon++;
    if (colon === start || colon === stop || bytes[colon] !== 0x3a) return null;
    let valueStart = colon + 1;
    let valueEnd = stop;
    for (let i = valueStart; i < valueEnd; i++) {
      const c = bytes[i] as number;
      if ((c < SP && c !== TAB) || c === 0x7f || c === CR || c === LF) return null;
    }
    while (valueStart < valueEnd && (bytes[valueStart] === SP || bytes[valueStart] === TAB)) valueStart++;
    while (valueEnd > valueStart && (bytes[valueEnd - 1] === SP || bytes[valueEnd - 1] === TAB)) valueEnd--;
    if (sameName(bytes, start, colon, HOST)) hosts++;
    else if (sameName(bytes, start, colon, CONNECTION)) {
      if (!sameName(bytes, valueStart, valueEnd, KEEP_ALIVE)) return null;
    } else if (sameName(bytes, start, colon, IF_NONE_MATCH)) {
      if (ifNoneMatch !== undefined) return null;
      ifNoneMatch = bytes.toString('latin1', valueStart, valueEnd);
    } else if (sameName(bytes, start, colon, ACCEPT_ENCODING)) {
      if (acceptEncoding !== undefined) return null;
      acceptEncoding = bytes.toString('latin1', valueStart, valueEnd);
    } else {
      for (const other of NOT_PLAIN) if (sameName(bytes, start, colon, other)) return null;
    }
    line = stop;
  }
  return hosts === 1 ? new HitRequest(method, url, ifNoneMatch, acceptEncoding) : null;
}
