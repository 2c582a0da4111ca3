// Raw HTTP over a socket, for what fetch cannot send: broken request targets, slow or partial
// bodies, garbage bytes, a chosen local address.

import { connect } from 'node:net';
import type { Socket } from 'node:net';

export interface RawAnswer {
  /** Null when the server closed the connection without an answer. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
}

/** Opens a connection to the server at `url` (from `localAddress`, a loopback address like 127.0.0.7). */
export function rawSocket(url: string, localAddress?: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), ...(localAddress ? { localAddress } : {}) }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** The first answer on the socket: when its body (Content-Length) is in, or when the socket closes. */
export function answerOf(socket: Socket): Promise<RawAnswer> {
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    const done = () => {
      socket.off('data', onData);
      const text = data.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return resolve({ status: null, headers: {}, body: '' });
      const [first, ...lines] = text.slice(0, end).split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(first!)?.[1] ?? NaN), headers, body: data.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1')).toString('utf8') });
    };
    const onData = (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const text = data.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end))?.[1] ?? 0);
      if (data.length >= end + 4 + length) done();
    };
    socket.on('data', onData);
    socket.once('close', done);
    socket.once('error', () => undefined);
  });
}

/** Sends `bytes` on a new connection and reads the answer. */
export async function rawRequest(url: string, bytes: string | Buffer): Promise<RawAnswer> {
  const socket = await rawSocket(url);
  const answer = answerOf(socket);
  socket.write(bytes);
  try {
    return await answer;
  } finally {
    socket.destroy();
  }
}
