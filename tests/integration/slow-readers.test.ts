import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_WAITING_ANSWERS } from '../../src/platform/http/queued-answers.js';
import { type TestApp, testApp } from '../support/app.js';

let t: TestApp;
let port: number;

beforeAll(async () => {
  // The page cache off: every request is rendered, as a flood of new addresses would be.
  t = await testApp({ pageCacheEntries: 0 });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  port = address.port;
});
afterAll(async () => {
  await t?.close();
});

const request = (path: string) => `GET ${path} HTTP/1.1\r\nHost: candle.test\r\n\r\n`;

describe('a client that pipelines requests and never reads the answers', () => {
  it('is closed once its answers back up, and what it sent beyond is never handled', async () => {
    const before = { ...t.connections };
    const socket = net.connect(port, '127.0.0.1');
    socket.pause(); // never read: the answers can only pile up on the server
    socket.on('error', () => {});
    // 2,000 country pages asked for in one go: some 100 MB of answers if all were made.
    socket.write(request('/countries/mexico').repeat(2000));
    const deadline = Date.now() + 15_000;
    while (t.connections.closed === before.closed && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    // Reading now finds the connection ended, with far fewer answers than asked for.
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    const ended = new Promise<boolean>((resolve) => {
      socket.on('close', () => resolve(true));
      setTimeout(() => resolve(false), 5_000).unref();
    });
    socket.resume();
    expect(await ended).toBe(true);
    expect((text.match(/HTTP\/1\.1 200 OK/g) ?? []).length).toBeLessThanOrEqual(MAX_WAITING_ANSWERS);
    expect(t.connections.closed - before.closed).toBe(1);
    expect(t.connections.handled - before.handled).toBeLessThanOrEqual(MAX_WAITING_ANSWERS);
    expect(t.connections.dropped - before.dropped).toBeGreaterThan(0);
  });

  it('leaves a client that reads its pipelined answers alone', async () => {
    const before = { ...t.connections };
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    const answers = () => (text.match(/HTTP\/1\.1 200 OK/g) ?? []).length;
    // Three rounds of as many requests as may wait at once, each sent when the last is answered.
    for (let round = 1; round <= 3; round++) {
      socket.write(request('/countries/mexico').repeat(MAX_WAITING_ANSWERS));
      const deadline = Date.now() + 20_000;
      while (answers() < round * MAX_WAITING_ANSWERS && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect(answers()).toBe(round * MAX_WAITING_ANSWERS);
    }
    expect(socket.destroyed).toBe(false);
    expect(t.connections.closed).toBe(before.closed);
    socket.destroy();
  });
});
