import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Answers one connection may have waiting before it is closed: those not yet handed to the socket
 * (a pipelined request's answer waits for the one before it) and the bytes the socket holds
 * because the client does not read. Node stops reading a connection whose answers back up, but only
 * after it has parsed everything it already read: 64 KB of pipelined requests is a thousand
 * answers, and 150 such clients grew the process by 700 MB. A browser never has more than one
 * request waiting on a connection; a client that sends this many without reading is closed.
 */
export const MAX_WAITING_ANSWERS = 32;
export const MAX_UNSENT_BYTES = 4 * 1024 * 1024;

/**
 * Wraps the server's request handler (Fastify's) so that a connection over the limit is closed and
 * the requests still parsed from what it had sent are dropped, not handled: Node parses the whole
 * chunk it read, and a thousand requests handled for a closed socket cost as much as answering them.
 */
export interface WaitingAnswersCounts {
  /** Requests passed on to the app. */
  handled: number;
  /** Connections closed for not reading their answers. */
  closed: number;
  /** Requests parsed from a closed connection and dropped unanswered. */
  dropped: number;
}

export function limitWaitingAnswers(
  server: Server,
  onClose: (socket: Socket) => void = () => {},
): WaitingAnswersCounts {
  const counts: WaitingAnswersCounts = { handled: 0, closed: 0, dropped: 0 };
  const waiting = new WeakMap<Socket, number>();
  const handlers = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    if (socket.destroyed) {
      counts.dropped++;
      return;
    }
    const count = (waiting.get(socket) ?? 0) + 1;
    waiting.set(socket, count);
    response.once('close', () => waiting.set(socket, (waiting.get(socket) ?? 1) - 1));
    if (count > MAX_WAITING_ANSWERS || socket.writableLength > MAX_UNSENT_BYTES) {
      counts.closed++;
      counts.dropped++;
      onClose(socket);
      socket.destroy();
      return;
    }
    counts.handled++;
    for (const handler of handlers) handler.call(server, request, response);
  });
  return counts;
}
