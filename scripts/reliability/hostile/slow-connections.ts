/** Connection attacks that take the whole bound (slowloris, a slow body, idle connections): run alongside one another, last. */
import { send } from '../http';
import { idleConnections, slowAnswer, trickle as trickleBytes } from '../raw-socket';
import type { HostileContext, HostileKind } from './kind';
import { q } from './requests';

/**
 * Sends `head` at once and then `trickle` a byte every 100 ms, for at most the bound: a hub fit for
 * the public closes the connection before the bound is reached.
 */
function trickled(
  name: string,
  bound: keyof Pick<HostileContext, 'slowMaxMs' | 'slowBodyMaxMs'>,
  head: string,
  trickle: string,
): HostileKind {
  return {
    name,
    slow: true,
    expected: `connection closed by the server within {${bound}}`,
    run: async (ctx) => {
      const started = performance.now();
      const r = await trickleBytes(ctx.hub.gatewayPort, head, trickle, 100, ctx[bound]);
      return slowAnswer(r, ctx[bound], performance.now() - started);
    },
    ok: (a) => !(a.note ?? '').startsWith('still open'),
  };
}

export const SLOW_CONNECTION_KINDS: HostileKind[] = [
  trickled(
    'slowloris: headers a byte every 100 ms',
    'slowMaxMs',
    '',
    `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'s'.repeat(4000)}\r\n\r\n`,
  ),
  trickled(
    'slow body: 10 000 bytes declared, a byte every 100 ms',
    'slowBodyMaxMs',
    'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n',
    ' '.repeat(10_000),
  ),
  {
    name: 'idle connections held open while the headline query runs',
    slow: true,
    expected: 'the headline query still answered',
    run: async (ctx) => {
      const started = performance.now();
      const { idle, during } = await idleConnections(ctx.hub.gatewayPort, ctx.idleCount, ctx.slowMaxMs, () =>
        send(ctx.hub.graphqlUrl, {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(q('{ targetGroups { code } }')),
          deadlineMs: ctx.deadlineMs,
        }),
      );
      return {
        ...during,
        ms: performance.now() - started,
        note:
          `${idle.opened} of ${idle.attempted} opened, ${idle.refused} refused, ${idle.closedByServer} closed by the server ` +
          `within ${(ctx.slowMaxMs / 1000).toFixed(0)} s; a query meanwhile: HTTP ${during.status ?? during.error} in ${during.ms.toFixed(0)} ms`,
      };
    },
    ok: (a) => a.status === 200,
  },
];
