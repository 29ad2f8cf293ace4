import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningGateway } from '../../gateway/gateway';
import type { BreakerStats } from '../../gateway/circuit-breaker';
import type { SubgraphSourceStats } from '../../gateway/subgraph-calls';
import { startSubgraphServer } from '../../subgraphs/shared/server/subgraph-server';
import { graphql } from '../support/graphql';
import { startOwnGateway } from '../support/own-gateway';
import { WITHOUT_RESPONSE_CACHE, testHubForThisFile } from '../support/test-hub';

/**
 * A subgraph that stops answering costs the full timeout only until its breaker opens; then its
 * fields fail fast (no call goes out) while the rest of each answer is served, and once its
 * /health answers again the breaker lets a trial call through and closes.
 */
const NEEDS_RESEARCH = '{ targetGroup(code: FAMILIES) { federalOffers { id } researchOutputs { id } } }';

interface Answer {
  targetGroup: { federalOffers: unknown[] | null; researchOutputs: unknown[] | null } | null;
}

const hub = testHubForThisFile({
  // Every query must reach the subgraphs: a cached answer would hide the breaker.
  gateway: { ...WITHOUT_RESPONSE_CACHE, subgraphTimeoutMs: 1000, subgraphBreaker: { failures: 3, probeMs: 50 } },
});

function fetchStats(gateway: RunningGateway, subgraph: string): { sent: number; breaker: BreakerStats } {
  // SubgraphDataSource.stats() adds the breaker to the fetch counters (SubgraphSourceStats).
  const stats = gateway.stats().subgraphFetches.bySubgraph[subgraph] as SubgraphSourceStats | undefined;
  if (!stats) throw new Error(`no data source for ${subgraph}`);
  return stats;
}

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not in time: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function expectResearchMissing(result: Awaited<ReturnType<typeof graphql<Answer>>>, reason: RegExp): void {
  expect(result.data?.targetGroup?.federalOffers?.length).toBeGreaterThan(0);
  expect(result.data?.targetGroup?.researchOutputs).toBeNull();
  expect(result.errors).toEqual([
    expect.objectContaining({
      message: expect.stringMatching(reason),
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'research' },
    }),
  ]);
  expect(JSON.stringify(result.errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
}

async function whole(gateway: RunningGateway): Promise<boolean> {
  const result = await graphql<Answer>(gateway.graphqlUrl, NEEDS_RESEARCH);
  return !result.errors && (result.data?.targetGroup?.researchOutputs?.length ?? 0) > 0;
}

describe('the circuit breaker per subgraph', () => {
  it('opens when a subgraph is down, fails its fields fast without calling it, and closes when it is back', async () => {
    const gateway = hub.gateway;
    expect(await whole(gateway)).toBe(true);
    expect(fetchStats(gateway, 'research').breaker.state).toBe('closed');

    const research = hub.subgraphs.get('research');
    if (!research) throw new Error('research not running');
    const port = Number(new URL(research.server.url).port);
    await research.server.stop();

    // Refused connections: three in a row open the breaker.
    await until(async () => {
      expectResearchMissing(
        await graphql<Answer>(gateway.graphqlUrl, NEEDS_RESEARCH),
        /Subgraph "research" is unavailable/,
      );
      return fetchStats(gateway, 'research').breaker.state === 'open';
    }, 'breaker open');

    // Open: the same error, the rest of the answer, and no HTTP call to research.
    const before = fetchStats(gateway, 'research');
    for (let i = 0; i < 3; i += 1) {
      expectResearchMissing(
        await graphql<Answer>(gateway.graphqlUrl, NEEDS_RESEARCH),
        /Subgraph "research" is unavailable/,
      );
    }
    const after = fetchStats(gateway, 'research');
    expect(after.sent).toBe(before.sent);
    expect(after.breaker.rejected).toBeGreaterThanOrEqual(before.breaker.rejected + 3);
    expect(after.breaker.state).toBe('open');

    // Back on the same port: the probe sees /health answer, a trial call succeeds, the breaker closes.
    const restarted = await startSubgraphServer(research.prepared.module, research.prepared.database.dataSource, {
      port,
      logLevel: 'silent',
      gatewayTrust: { publicKey: hub.gatewayKeys.publicKey },
    });
    hub.subgraphs.set('research', { ...research, server: restarted });
    await until(() => whole(gateway), 'full answers again');
    expect(fetchStats(gateway, 'research').breaker).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    expect(fetchStats(gateway, 'research').breaker.probes).toBeGreaterThan(0);
  });

  it('opens when a subgraph hangs (timeouts), and then answers without waiting for it', async () => {
    let hang = true;
    const research = hub.subgraphs.get('research');
    if (!research) throw new Error('research not running');
    const target = new URL(research.server.graphqlUrl);
    // A stand-in in front of research that swallows requests while `hang` is set.
    const relay: Server = createServer((request, response) => {
      if (hang) return;
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const headers = Object.fromEntries(
          Object.entries(request.headers).filter(
            (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host',
          ),
        );
        fetch(new URL(request.url ?? '/', target), {
          method: request.method ?? 'GET',
          headers,
          ...(request.method === 'POST' ? { body: Buffer.concat(chunks) } : {}),
        })
          .then(async (upstream) => {
            response.writeHead(upstream.status, {
              'content-type': upstream.headers.get('content-type') ?? 'text/plain',
            });
            response.end(Buffer.from(await upstream.arrayBuffer()));
          })
          .catch(() => response.destroy());
      });
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const gateway = await startOwnGateway(hub, {
      ...WITHOUT_RESPONSE_CACHE,
      subgraphTimeoutMs: 300,
      subgraphBreaker: { failures: 2, probeMs: 50 },
      subgraphUrls: { research: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/graphql` },
    });
    try {
      await until(async () => {
        expectResearchMissing(
          await graphql<Answer>(gateway.graphqlUrl, NEEDS_RESEARCH),
          /Subgraph "research" (did not answer within 300 ms|is unavailable)/,
        );
        return fetchStats(gateway, 'research').breaker.state === 'open';
      }, 'breaker open');
      const before = fetchStats(gateway, 'research');
      const fast = await graphql<Answer>(gateway.graphqlUrl, NEEDS_RESEARCH);
      expectResearchMissing(fast, /Subgraph "research" is unavailable/);
      expect(fetchStats(gateway, 'research').sent).toBe(before.sent);

      hang = false;
      await until(() => whole(gateway), 'full answers again');
      expect(fetchStats(gateway, 'research').breaker.state).toBe('closed');
    } finally {
      await gateway.stop();
      relay.closeAllConnections();
      await new Promise((resolve) => relay.close(resolve));
    }
  });
});
