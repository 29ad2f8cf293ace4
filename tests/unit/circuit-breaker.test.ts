import { createServer, type Server } from 'node:http';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { CircuitBreaker, type BreakerState } from '../../gateway/circuit-breaker';
import type { GatewayContext } from '../../gateway/context';
import { SubgraphDataSource, type SubgraphCallEvent } from '../../gateway/subgraph-calls';
import { freePort } from '../support/free-port';

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the circuit breaker', () => {
  const breakers: CircuitBreaker[] = [];
  afterEach(() => breakers.splice(0).forEach((b) => b.stop()));

  function breaker(probe: () => Promise<boolean>, failureThreshold = 3) {
    const changes: BreakerState[] = [];
    const created = new CircuitBreaker({
      failureThreshold,
      probeIntervalMs: 1,
      probe,
      onStateChange: (state) => changes.push(state),
    });
    breakers.push(created);
    return { breaker: created, changes };
  }

  it('opens after the configured number of failures in a row, not before', () => {
    const { breaker: b } = breaker(async () => false);
    b.failed();
    b.failed();
    b.succeeded(); // a success in between starts the count again
    b.failed();
    b.failed();
    expect(b.state).toBe('closed');
    expect(b.allow()).toBe(true);
    b.failed();
    expect(b.state).toBe('open');
    expect(b.allow()).toBe(false);
    expect(b.stats()).toMatchObject({ state: 'open', opened: 1, rejected: 1 });
  });

  it('never opens with a threshold of 0', () => {
    const { breaker: b } = breaker(async () => false, 0);
    for (let i = 0; i < 50; i += 1) b.failed();
    expect(b.state).toBe('closed');
  });

  it('probes while open, lets one trial call through once a probe succeeds, and closes on its success', async () => {
    let healthy = false;
    let probes = 0;
    const { breaker: b, changes } = breaker(async () => {
      probes += 1;
      return healthy;
    });
    for (let i = 0; i < 3; i += 1) b.failed();
    await until(() => probes >= 3);
    expect(b.state).toBe('open');
    healthy = true;
    await until(() => b.state === 'half-open');
    expect(b.allow()).toBe(true); // the trial
    expect(b.allow()).toBe(false); // others wait for its outcome
    b.succeeded();
    expect(b.state).toBe('closed');
    expect(b.allow()).toBe(true);
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('opens again when the trial call fails, and probes again', async () => {
    let healthy = true;
    let probes = 0;
    const { breaker: b } = breaker(async () => {
      probes += 1;
      return healthy;
    });
    for (let i = 0; i < 3; i += 1) b.failed();
    await until(() => b.state === 'half-open');
    healthy = false;
    expect(b.allow()).toBe(true);
    b.failed();
    expect(b.state).toBe('open');
    const before = probes;
    await until(() => probes > before);
    expect(b.state).toBe('open');
  });

  it('stops probing when stopped', async () => {
    let probes = 0;
    const { breaker: b } = breaker(async () => {
      probes += 1;
      return false;
    });
    for (let i = 0; i < 3; i += 1) b.failed();
    await until(() => probes >= 1);
    b.stop();
    const after = probes;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(probes).toBeLessThanOrEqual(after + 1);
  });
});

function call(source: SubgraphDataSource, query = 'query Op { ok }') {
  return source.process({
    kind: 'incoming operation',
    request: { query, variables: {}, operationName: 'Op' },
    context: {},
    incomingRequestContext: {},
    pathInIncomingRequest: ['targetGroup'],
  } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
}

describe('a subgraph data source with its breaker', () => {
  let server: Server | undefined;
  let source: SubgraphDataSource | undefined;

  afterEach(async () => {
    await source?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    }
    server = undefined;
  });

  /** A subgraph on `port` that answers GraphQL and /health; records the headers it got. */
  async function answeringSubgraph(port: number, seen: string[] = []): Promise<void> {
    server = createServer((request, response) => {
      seen.push(`${request.method} ${request.url} ${String(request.headers['x-test-credential'] ?? '')}`);
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(request.url === '/health' ? '{"status":"ok"}' : '{"data":{"ok":true}}');
      });
    });
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
  }

  /** A data source towards the scripted subgraph on `port`, with short timeouts. */
  function scriptedSource(port: number, options: Partial<ConstructorParameters<typeof SubgraphDataSource>[0]>) {
    return new SubgraphDataSource({
      name: 'scripted',
      url: `http://127.0.0.1:${port}/graphql`,
      timeoutMs: 500,
      writeTimeoutMs: 500,
      maxSockets: 2,
      ...options,
    });
  }

  it('fails fast while open (queries and mutations), reports every call, and closes when the subgraph is back', async () => {
    const port = await freePort();
    const events: SubgraphCallEvent[] = [];
    const seen: string[] = [];
    source = scriptedSource(port, {
      breaker: { failures: 2, probeMs: 5 },
      callerHeaders: async () => ({ 'x-test-credential': 'gw' }),
      onCall: (event) => events.push(event),
    });
    // Nothing listens on the port: connections are refused.
    for (let i = 0; i < 2; i += 1) {
      await expect(call(source)).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    }
    expect(source.breakerState()).toBe('open');
    const fastFail = await call(source).catch((error: unknown) => error);
    expect(fastFail).toMatchObject({
      message: 'Subgraph "scripted" is unavailable; its fields are missing from this answer',
      path: ['targetGroup'],
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'scripted' },
    });
    expect(JSON.stringify(fastFail)).not.toContain('127.0.0.1');
    await expect(call(source, 'mutation Op { ok }')).rejects.toMatchObject({
      extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
    });
    expect(events.map((e) => [e.outcome, e.mutation])).toEqual([
      ['error', false],
      ['error', false],
      ['rejected', false],
      ['rejected', true],
    ]);
    expect(source.stats().breaker).toMatchObject({ state: 'open', opened: 1, rejected: 2 });

    await answeringSubgraph(port, seen);
    const running = source;
    await until(() => running.breakerState() === 'half-open');
    await expect(call(source)).resolves.toEqual({ data: { ok: true } });
    expect(source.breakerState()).toBe('closed');
    expect(events.at(-1)).toMatchObject({ subgraph: 'scripted', outcome: 'ok', mutation: false });
    // The probe asked /health, with the caller's headers, as the call did.
    expect(seen).toEqual(expect.arrayContaining(['GET /health gw', 'POST /graphql gw']));
  });

  it('does not count GraphQL errors or unusable answers as failures', async () => {
    const port = await freePort();
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"data":null,"errors":[{"message":"boom"}]}');
      });
    });
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    source = scriptedSource(port, { breaker: { failures: 1, probeMs: 5 } });
    for (let i = 0; i < 3; i += 1) await expect(call(source)).resolves.toMatchObject({ errors: [{ message: 'boom' }] });
    expect(source.breakerState()).toBe('closed');
  });
});
