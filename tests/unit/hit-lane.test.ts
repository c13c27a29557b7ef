import { describe, expect, it } from 'vitest';
import { HitResponse, parseHead } from '../../src/platform/http/hit-lane.js';

/** Parses the one head in `text` (which ends with its blank line). */
function parse(text: string) {
  const bytes = Buffer.from(text, 'latin1');
  return parseHead(bytes, 0, bytes.indexOf('\r\n\r\n'));
}

describe('the hit lane’s reading of a request head', () => {
  it('takes a plain GET or HEAD, with the headers a cached answer depends on', () => {
    const request = parse(
      'GET /countries/mexico?page=2 HTTP/1.1\r\nHost: candle.test\r\nAccept-Encoding:  br, gzip \r\n' +
        'If-None-Match: "abc"\r\nConnection: Keep-Alive\r\nUser-Agent: Mozilla/5.0 (X11; Linux) é\r\n\r\n',
    );
    expect(request).toEqual({
      method: 'GET',
      url: '/countries/mexico?page=2',
      ifNoneMatch: '"abc"',
      acceptEncoding: 'br, gzip',
    });
    expect(parse('HEAD / HTTP/1.1\r\nhost: x\r\n\r\n')).toMatchObject({ method: 'HEAD', url: '/' });
  });

  it('leaves to Node whatever is not the plainest request', () => {
    for (const head of [
      'POST / HTTP/1.1\r\nHost: x\r\n\r\n',
      'get / HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET / HTTP/1.0\r\nHost: x\r\n\r\n',
      'GET http://x/ HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET / HTTP/1.1\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\n: y\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nNo-Colon\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nX-Bare: a\nb\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nX-Null: a\u0000b\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\ntransfer-encoding: chunked\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\nAccept-Encoding: gzip\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nIf-None-Match: "a"\r\nIf-None-Match: "b"\r\n\r\n',
    ]) {
      expect(parse(head), JSON.stringify(head)).toBeNull();
    }
  });
});

describe('a hit’s bytes', () => {
  it('are the head, the closing lines of this second and the body, remade when the second changes', () => {
    const response = new HitResponse(Buffer.from('HTTP/1.1 200 OK\r\n'), Buffer.from('<p>page</p>'));
    const first = response.bytes(1, Buffer.from('Date: one\r\n\r\n'), true);
    expect(first.toString()).toBe('HTTP/1.1 200 OK\r\nDate: one\r\n\r\n<p>page</p>');
    expect(response.bytes(1, Buffer.from('Date: one\r\n\r\n'), true)).toBe(first);
    expect(response.bytes(1, Buffer.from('Date: one\r\n\r\n'), false).toString()).toBe(
      'HTTP/1.1 200 OK\r\nDate: one\r\n\r\n',
    );
    expect(response.bytes(2, Buffer.from('Date: two\r\n\r\n'), true).toString()).toBe(
      'HTTP/1.1 200 OK\r\nDate: two\r\n\r\n<p>page</p>',
    );
  });
});
