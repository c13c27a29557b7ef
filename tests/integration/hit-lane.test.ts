import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';

let t: TestApp;
let port: number;

beforeAll(async () => {
  t = await testApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  port = address.port;
});
afterAll(async () => {
  await t?.close();
});

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Reads `count` responses off raw bytes; `heads` names the requests that were HEAD (no body). */
function parseResponses(bytes: Buffer, count: number, heads: Set<number> = new Set()): RawResponse[] | null {
  const out: RawResponse[] = [];
  let at = 0;
  while (out.length < count) {
    const end = bytes.indexOf('\r\n\r\n', at);
    if (end < 0) return null;
    const [statusLine, ...lines] = bytes.toString('latin1', at, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const status = Number(statusLine?.split(' ')[1]);
    const length = heads.has(out.length) || status === 304 ? 0 : Number(headers['content-length'] ?? 0);
    if (bytes.length < end + 4 + length) return null;
    out.push({ status, headers, body: bytes.subarray(end + 4, end + 4 + length) });
    at = end + 4 + length;
  }
  return out;
}

/**
 * Sends each chunk in its own write, a moment apart (or, `inTurn`, once the answers to the
 * chunks before it have all arrived), and reads `count` responses.
 */
async function exchange(
  chunks: string[],
  count: number,
  options: { heads?: Set<number>; inTurn?: boolean } = {},
): Promise<RawResponse[]> {
  const socket = net.connect(port, '127.0.0.1');
  const received: Buffer[] = [];
  socket.on('data', (d: Buffer) => received.push(d));
  await new Promise((resolve) => socket.once('connect', resolve));
  const arrived = async (n: number) => {
    for (let i = 0; i < 500; i++) {
      const responses = parseResponses(Buffer.concat(received), n, options.heads);
      if (responses) return responses;
      await new Promise((r) => setTimeout(r, 10));
    }
    socket.destroy();
    throw new Error(`${n} responses did not arrive: ${Buffer.concat(received).toString('latin1', 0, 300)}`);
  };
  for (const [i, chunk] of chunks.entries()) {
    socket.write(chunk);
    if (options.inTurn) await arrived(i + 1);
    else await new Promise((r) => setTimeout(r, 30));
  }
  const responses = await arrived(count);
  socket.destroy();
  return responses;
}

/** Everything a connection receives for `request` until it is closed. */
async function untilClosed(request: string): Promise<string> {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (d: Buffer) => {
    received += d.toString('latin1');
  });
  socket.on('error', () => {});
  socket.write(request);
  await new Promise((resolve) => socket.once('close', resolve));
  return received;
}

/**
 * What a fresh connection answers to `request`: the first response (null if the connection closed
 * or nothing came within a second). With `byNode`, its first byte goes alone: the lane passes a
 * head split across reads to Node at once, so Node answers it as the first request of a
 * connection, which is the answer the lane must give (Node answers some malformed requests
 * differently when they are not a connection's first).
 */
async function answerTo(request: string, head: boolean, byNode: boolean): Promise<RawResponse | null> {
  const socket = net.connect(port, '127.0.0.1');
  const received: Buffer[] = [];
  let closed = false;
  socket.on('data', (d: Buffer) => received.push(d));
  socket.on('error', () => {});
  socket.on('close', () => {
    closed = true;
  });
  await new Promise((resolve) => socket.once('connect', resolve));
  const bytes = Buffer.from(request, 'latin1');
  if (byNode) {
    socket.write(bytes.subarray(0, 1));
    await new Promise((r) => setTimeout(r, 20));
    socket.write(bytes.subarray(1));
  } else socket.write(bytes);
  const heads = new Set(head ? [0] : []);
  for (let i = 0; i < 100 && !closed; i++) {
    if (parseResponses(Buffer.concat(received), 1, heads)) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  socket.destroy();
  return parseResponses(Buffer.concat(received), 1, heads)?.[0] ?? null;
}

const get = (url: string, extra = '') => `GET ${url} HTTP/1.1\r\nHost: candle.test\r\n${extra}\r\n`;
/** Headers that differ between any two responses whoever sends them. */
const VARYING = new Set(['date', 'keep-alive', 'connection']);
const stable = (r: RawResponse) =>
  Object.fromEntries(Object.entries(r.headers).filter(([n]) => !VARYING.has(n)));

describe(`the hit lane, on ${dialectUnderTest}`, () => {
  it('answers a cached page as Node does: the same status, headers and bytes', async () => {
    // A miss first on this connection: the connection goes to Node, and the hit after it is Node's.
    const [miss, byNode] = await exchange([get('/countries/mexico'), get('/countries/mexico')], 2, {
      inTurn: true,
    });
    expect(miss?.headers['x-cache']).toBe('MISS');
    expect(byNode?.headers['x-cache']).toBe('HIT');
    // A hit first: the lane's.
    const [byLane] = await exchange([get('/countries/mexico')], 1);
    expect(byLane?.status).toBe(200);
    expect(stable(byLane as RawResponse)).toEqual(stable(byNode as RawResponse));
    expect(byLane?.body.equals(byNode?.body as Buffer)).toBe(true);
    expect(byLane?.headers.connection).toBe('keep-alive');
    expect(byLane?.headers.date).toMatch(/GMT$/);
  });

  it('answers any request exactly as Node answers it on a connection of its own', async () => {
    for (const url of ['/countries/mexico', '/countries/mexico?page=2', '/topics'])
      await exchange([get(url)], 1);
    const etag = (await exchange([get('/countries/mexico')], 1))[0]?.headers.etag ?? '';
    const header = fc.oneof(
      fc.constantFrom(
        'Host: candle.test',
        'host:x',
        'HOST:  candle.test  ',
        'Accept-Encoding: br',
        'accept-encoding: gzip, deflate',
        'Accept-Encoding: identity',
        `If-None-Match: ${etag}`,
        'If-None-Match: "other"',
        'Connection: keep-alive',
        'Connection: close',
        'Content-Length: 0',
        'Transfer-Encoding: identity',
        'Expect: 100-continue',
        'X-Odd: a\tb\u00e9',
        'X Bad: y',
        ' folded',
        'NoColon',
        'User-Agent: Mozilla/5.0 (X11; Linux x86_64)',
      ),
      fc
        .tuple(fc.stringMatching(/^[A-Za-z-]{1,12}$/), fc.stringMatching(/^[ -~]{0,20}$/))
        .map(([n, v]) => `${n}: ${v}`),
    );
    const request = fc.record({
      method: fc.constantFrom('GET', 'GET', 'HEAD', 'POST', 'get'),
      url: fc.constantFrom(
        '/countries/mexico',
        '/countries/mexico?page=2',
        '/topics',
        '/nowhere',
        '/topics#x',
        '*',
        'http://candle.test/topics',
      ),
      version: fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0'),
      headers: fc.array(header, { maxLength: 5 }),
      host: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const lines = [
          `${r.method} ${r.url} ${r.version}`,
          ...(r.host ? ['Host: candle.test'] : []),
          ...r.headers,
        ];
        const bytes = `${lines.join('\r\n')}\r\n\r\n`;
        const head = r.method === 'HEAD';
        // Once first, so the page cache holds whatever this request puts there before the two
        // answers compared (a miss and a hit may differ: Fastify refuses a GET announcing a body).
        await answerTo(bytes, head, true);
        const byLane = await answerTo(bytes, head, false);
        const byNode = await answerTo(bytes, head, true);
        expect(byLane === null, bytes).toBe(byNode === null);
        if (!byLane || !byNode) return;
        expect(byLane.status, bytes).toBe(byNode.status);
        // Whether the connection stays open is compared too; only the date may differ, and
        // x-cache: a page first asked for here is a miss on whichever connection asks first.
        const { date: _a, 'x-cache': _b, ...lane } = byLane.headers;
        const { date: _c, 'x-cache': _d, ...node } = byNode.headers;
        expect(lane, bytes).toEqual(node);
        expect(byLane.body.equals(byNode.body), bytes).toBe(true);
      }),
      { numRuns: 120 },
    );
    // A request Node waits on (a body announced, never sent) costs its second: give it room.
  }, 120_000);

  it('answers pipelined requests in order, and hands the connection to Node at the first other', async () => {
    await exchange([get('/topics')], 1, { inTurn: true });
    const responses = await exchange(
      [get('/countries/mexico') + get('/topics') + get('/no-such-page') + get('/countries/mexico')],
      4,
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 404, 200]);
    expect(responses[1]?.body.toString()).toContain('<h1>');
    expect(responses[3]?.headers['x-cache']).toBe('HIT');
  });

  it('answers HEAD and If-None-Match from the cache', async () => {
    const [page] = await exchange([get('/countries/mexico')], 1);
    const etag = page?.headers.etag ?? '';
    const [head, notModified] = await exchange(
      [
        `HEAD /countries/mexico HTTP/1.1\r\nHost: x\r\n\r\n${get('/countries/mexico', `If-None-Match: ${etag}\r\n`)}`,
      ],
      2,
      { heads: new Set([0]) },
    );
    expect(head?.status).toBe(200);
    expect(Number(head?.headers['content-length'])).toBe(page?.body.length);
    expect(head?.body.length).toBe(0);
    expect(notModified?.status).toBe(304);
    expect(notModified?.headers['x-cache']).toBe('HIT');
  });

  it('leaves a head split across reads to Node, which answers it', async () => {
    const request = get('/countries/mexico');
    const [response] = await exchange([request.slice(0, 20), request.slice(20)], 1);
    expect(response?.status).toBe(200);
    expect(response?.headers['x-cache']).toBe('HIT');
  });

  it('never answers what a body could hide, nor a request Node would refuse', async () => {
    // The bytes after the head are the body of the first request: one response, not two.
    const hidden = get('/countries/mexico');
    const smuggled = await exchange(
      [
        `GET /countries/mexico HTTP/1.1\r\nHost: x\r\nContent-Length: ${hidden.length}\r\n\r\n${hidden}${get('/topics')}`,
      ],
      2,
    );
    expect(smuggled.map((r) => r.status)).toEqual([200, 200]);
    expect(smuggled[1]?.body.toString()).toContain('Topics');
    const chunked = await exchange(
      [
        `GET /countries/mexico HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${get('/topics')}`,
      ],
      2,
    );
    expect(chunked.map((r) => r.status)).toEqual([200, 200]);
    expect(chunked[1]?.body.toString()).toContain('Topics');
    // Node refuses these (a 400, or the connection closed): the lane must not answer them.
    for (const request of [
      'GET /countries/mexico HTTP/1.1\r\n\r\n',
      'GET /countries/mexico HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n',
      'GET /countries/mexico HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n',
    ]) {
      const answer = await untilClosed(request);
      expect(answer, JSON.stringify(request)).not.toContain(' 200 OK');
      expect(answer === '' || answer.startsWith('HTTP/1.1 400 '), answer).toBe(true);
    }
  });

  it('ends a connection whose client has sent all it will', async () => {
    await exchange([get('/countries/mexico')], 1);
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
    });
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    // Left half open, the connection would wait for the 72 s keep-alive and time the test out.
    socket.end(get('/countries/mexico'));
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*x-cache: HIT/);
  });

  it('reads no further from a client that does not read, and answers everything once it does', async () => {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.pause();
    const count = 600;
    socket.write(get('/countries/mexico').repeat(count));
    await new Promise((r) => setTimeout(r, 300));
    const received: Buffer[] = [];
    socket.on('data', (d: Buffer) => received.push(d));
    socket.resume();
    let responses: RawResponse[] | null = null;
    for (let i = 0; i < 500 && !responses; i++) {
      await new Promise((r) => setTimeout(r, 10));
      responses = parseResponses(Buffer.concat(received), count);
    }
    socket.destroy();
    expect(responses?.length).toBe(count);
    expect(responses?.every((r) => r.status === 200)).toBe(true);
  });
});

describe('closing with connections in the hit lane', () => {
  it('ends them, so the app closes at once', async () => {
    const app = await testApp();
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    const socket = net.connect(address.port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (d: Buffer) => received.push(d));
    await new Promise((resolve) => socket.once('connect', resolve));
    // A miss on another connection fills the cache; then a hit on this one, which stays open.
    await fetch(`http://127.0.0.1:${address.port}/topics`);
    socket.write(get('/topics'));
    for (let i = 0; i < 100 && !parseResponses(Buffer.concat(received), 1); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(parseResponses(Buffer.concat(received), 1)?.[0]?.headers['x-cache']).toBe('HIT');
    // Left open, the connection would hold the close for the 72 s keep-alive and time the test out.
    const ended = new Promise((resolve) => socket.once('end', resolve));
    await app.close();
    await ended;
    socket.destroy();
  });
});
