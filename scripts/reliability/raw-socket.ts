/**
 * Attacks on the connection rather than on GraphQL, over raw TCP to 127.0.0.1: headers sent a
 * byte at a time (slowloris), a body that never completes, and many idle connections. Every one
 * is bounded in time and in sockets.
 */
import { connect, type Socket } from 'node:net';

export interface SlowResult {
  /** When the server closed the connection (or answered), ms after connecting; null if it held out. */
  closedAfterMs: number | null;
  bytesSent: number;
  /** The first line the server sent, if any (e.g. "HTTP/1.1 408 Request Timeout"). */
  firstLine: string;
  /** Everything the server sent (for the leak scan). */
  received: string;
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Writes `fast` at once, then `slow` a byte every `intervalMs`, for at most `maxMs`; reports when
 * the server gave up on the connection (closed it or answered).
 */
export async function trickle(
  port: number,
  fast: string,
  slow: string,
  intervalMs: number,
  maxMs: number,
): Promise<SlowResult> {
  const socket = await open(port);
  const started = performance.now();
  let received = '';
  let closedAfterMs: number | null = null;
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
    closedAfterMs ??= performance.now() - started;
  });
  const closed = new Promise<void>((resolve) => {
    const done = () => {
      closedAfterMs ??= performance.now() - started;
      resolve();
    };
    socket.once('close', done);
    socket.once('end', done);
    socket.once('error', done);
  });
  let sent = 0;
  if (fast) {
    socket.write(fast);
    sent += fast.length;
  }
  for (let i = 0; closedAfterMs === null && i < slow.length && performance.now() - started < maxMs; i++) {
    socket.write(slow[i] as string);
    sent += 1;
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, intervalMs))]);
  }
  // A last moment for an answer to a request that just completed.
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 200))]);
  socket.destroy();
  const firstLine = received.split('\r\n')[0] ?? '';
  return { closedAfterMs, bytesSent: sent, firstLine, received: received.slice(0, 8192) };
}

/** The result of trickle as an answer of the hostile catalogue (the status line, if any, and a note). */
export function slowAnswer(r: SlowResult, maxMs: number, ms: number) {
  const status = /^HTTP\/1\.\d (\d{3})/.exec(r.firstLine)?.[1];
  return {
    status: status ? Number(status) : null,
    headers: {},
    body: r.received,
    ms,
    hang: false,
    note:
      r.closedAfterMs === null
        ? `still open after ${(maxMs / 1000).toFixed(0)} s (${r.bytesSent} bytes sent)`
        : `closed after ${(r.closedAfterMs / 1000).toFixed(1)} s (${r.bytesSent} bytes sent)` +
          (r.firstLine ? `: ${r.firstLine}` : ''),
  };
}

export interface IdleResult {
  attempted: number;
  opened: number;
  /** Connections the server closed during the hold (idle timeout, connection cap). */
  closedByServer: number;
  /** Connections that could not be opened at all. */
  refused: number;
}

/** Opens `count` connections (a few at a time), sends nothing, holds them for `holdMs`, and calls `during` meanwhile. */
export async function idleConnections<T>(
  port: number,
  count: number,
  holdMs: number,
  during: () => Promise<T>,
): Promise<{ idle: IdleResult; during: T }> {
  const sockets: Socket[] = [];
  let refused = 0;
  let closedByServer = 0;
  for (let i = 0; i < count; i += 50) {
    const batch = await Promise.allSettled(Array.from({ length: Math.min(50, count - i) }, () => open(port)));
    for (const result of batch) {
      if (result.status === 'rejected') {
        refused += 1;
        continue;
      }
      const socket = result.value;
      socket.on('error', () => undefined);
      // Counted until the hold ends, before the run closes them itself.
      socket.once('close', () => {
        closedByServer += 1;
      });
      sockets.push(socket);
    }
  }
  const started = performance.now();
  const result = await during();
  const left = holdMs - (performance.now() - started);
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  const counted = closedByServer;
  for (const socket of sockets) socket.destroy();
  return { idle: { attempted: count, opened: sockets.length, closedByServer: counted, refused }, during: result };
}
