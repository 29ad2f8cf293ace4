import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from '../../gateway/context';
import { SubgraphDataSource } from '../../gateway/subgraph-calls';
import { until } from '../support/http';

/**
 * A stand-in subgraph that holds every request until released, so the test decides exactly
 * which fetches are in flight at the same time (no timing involved).
 */
class GatedSubgraph {
  received: { body: string; authorization: string | undefined }[] = [];
  private held: ServerResponse[] = [];
  private readonly server: Server;

  constructor() {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        this.received.push({ body, authorization: request.headers.authorization });
        this.held.push(response);
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
  }

  release(): void {
    for (const response of this.held.splice(0)) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: { answer: this.received.length } }));
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

let subgraph: GatedSubgraph;
let url: string;
const sources: SubgraphDataSource[] = [];

beforeEach(async () => {
  subgraph = new GatedSubgraph();
  url = await subgraph.listen();
});

afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.close()));
  await subgraph.close();
});

function source(dedup: boolean): SubgraphDataSource {
  const created = new SubgraphDataSource({
    name: 'gated',
    url,
    timeoutMs: 10_000,
    writeTimeoutMs: 10_000,
    maxSockets: 16,
    dedup,
  });
  sources.push(created);
  return created;
}

function fetchVia(s: SubgraphDataSource, query: string, authorization?: string) {
  // A call without an incoming client request (kind "health check"): the request kind enum is in
  // the typings but not exported by the package.
  return s.process({
    kind: 'health check',
    request: { query, variables: { id: 'x' } },
    context: authorization ? { authorization } : {},
  } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
}

/** `count` identical fetches at once: each reaches the subgraph as a call of its own, none is shared. */
async function expectEachSent(s: SubgraphDataSource, count: number, query: string): Promise<void> {
  const pending = Array.from({ length: count }, () => fetchVia(s, query));
  await until(() => subgraph.received.length === count, `${count} calls`);
  subgraph.release();
  await Promise.all(pending);
  expect(s.stats()).toMatchObject({ sent: count, shared: 0 });
}

describe('de-duplication of subgraph fetches', () => {
  it('sends identical concurrent queries once, and gives every caller its own copy of the answer', async () => {
    const s = source(true);
    const pending = Array.from({ length: 5 }, () => fetchVia(s, 'query { answer }'));
    // Either the four others joined the one call, or (without de-duplication) more calls arrive.
    await until(
      () => (s.stats().shared === 4 && subgraph.received.length === 1) || subgraph.received.length > 1,
      'all five fetches to be in flight',
    );
    subgraph.release();
    const answers = await Promise.all(pending);
    expect(subgraph.received).toHaveLength(1);
    expect(answers.map((a) => a.data)).toEqual(Array.from({ length: 5 }, () => ({ answer: 1 })));
    expect(answers[0]?.data).not.toBe(answers[1]?.data);
    expect(s.stats()).toMatchObject({ sent: 1, shared: 4 });
  });

  it('sends each of them when it is off', async () => {
    await expectEachSent(source(false), 5, 'query { answer }');
  });

  it('never shares a mutation', async () => {
    await expectEachSent(source(true), 3, 'mutation { answer }');
  });

  it('does not share between callers with different tokens, nor between different queries', async () => {
    const s = source(true);
    const pending = [
      fetchVia(s, 'query { answer }', 'Bearer a'),
      fetchVia(s, 'query { answer }', 'Bearer b'),
      fetchVia(s, 'query { other: answer }', 'Bearer a'),
      fetchVia(s, 'query { answer }', 'Bearer a'),
    ];
    await until(() => subgraph.received.length === 3 && s.stats().shared === 1, 'three calls, one shared');
    subgraph.release();
    await Promise.all(pending);
    expect(subgraph.received.map((r) => r.authorization).sort()).toEqual(['Bearer a', 'Bearer a', 'Bearer b']);
  });

  it('hands a failure to every caller that shared the call', async () => {
    const s = source(true);
    const pending = Array.from({ length: 3 }, () => fetchVia(s, 'query { answer }'));
    await until(() => s.stats().shared === 2, 'three fetches in flight');
    await subgraph.close();
    subgraph = new GatedSubgraph();
    const results = await Promise.allSettled(pending);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const r of results) {
      if (r.status === 'rejected') expect(String(r.reason)).toMatch(/Subgraph "gated" is unavailable/);
    }
  });
});
