import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningGateway } from '../../gateway/gateway';
import { graphql } from '../support/graphql';
import { startOwnGateway } from '../support/own-gateway';
import { HEADLINE_QUERY } from '../../web/operations';
import { testHubForThisFile } from '../support/test-hub';

interface Headline {
  targetGroup: {
    federalOffers: unknown[] | null;
    regionalOffers: unknown[] | null;
    researchOutputs: unknown[] | null;
    exchangeFormats: unknown[] | null;
  } | null;
}

const hub = testHubForThisFile();

/** A second gateway on the same subgraphs, with some of them replaced. */
async function gatewayWith(
  overrides: Record<string, string>,
  timeoutMs: number,
  writeTimeoutMs = timeoutMs,
): Promise<RunningGateway> {
  return startOwnGateway(hub, {
    subgraphTimeoutMs: timeoutMs,
    subgraphWriteTimeoutMs: writeTimeoutMs,
    subgraphUrls: overrides,
  });
}

/** A server that accepts requests and never answers. */
async function hangingServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(() => {
    // Accept the request and never answer.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('a subgraph failing costs its fields, not the whole answer', () => {
  it('when it is down: the rest answers and one error names it, without its address', async () => {
    // Nothing listens on port 9 (discard) here: connections are refused at once.
    const gateway = await gatewayWith({ research: 'http://127.0.0.1:9/graphql' }, 2000);
    try {
      const result = await graphql<Headline>(gateway.graphqlUrl, HEADLINE_QUERY, { code: 'FAMILIES', ars: '08436' });
      expect(result.data?.targetGroup?.federalOffers?.length).toBeGreaterThan(0);
      expect(result.data?.targetGroup?.regionalOffers?.length).toBeGreaterThan(0);
      expect(result.data?.targetGroup?.exchangeFormats?.length).toBeGreaterThan(0);
      expect(result.data?.targetGroup?.researchOutputs).toBeNull();
      expect(result.errors).toEqual([
        expect.objectContaining({
          message: expect.stringContaining('Subgraph "research" is unavailable'),
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'research' },
        }),
      ]);
      expect(JSON.stringify(result.errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
    } finally {
      await gateway.stop();
    }
  });

  it('when it hangs: the answer comes back within the timeout', async () => {
    const hanging = await hangingServer();
    const gateway = await gatewayWith({ exchange: hanging.url }, 500);
    try {
      const started = Date.now();
      const result = await graphql<Headline>(gateway.graphqlUrl, HEADLINE_QUERY, { code: 'FAMILIES', ars: '08436' });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(result.data?.targetGroup?.federalOffers?.length).toBeGreaterThan(0);
      expect(result.data?.targetGroup?.exchangeFormats).toBeNull();
      expect(result.errors?.[0]?.message).toContain('Subgraph "exchange" did not answer within 500 ms');
      expect(result.errors?.[0]?.extensions?.['serviceName']).toBe('exchange');
    } finally {
      await gateway.stop();
      await hanging.close();
    }
  });

  it('gives mutations the longer write timeout and queries the short one', async () => {
    const hanging = await hangingServer();
    const gateway = await gatewayWith({ federal: hanging.url }, 300, 1500);
    try {
      let started = Date.now();
      const read = await graphql(gateway.graphqlUrl, '{ targetGroups { code } }');
      expect(Date.now() - started).toBeLessThan(1200);
      expect(read.errors?.[0]?.message).toContain('did not answer within 300 ms');
      started = Date.now();
      const write = await graphql(
        gateway.graphqlUrl,
        'mutation { markFederalMeasureReviewed(id: "measure:bund:mbe", version: 1) { measure { id } } }',
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
      expect(write.errors?.[0]?.message).toContain('did not answer within 1500 ms');
    } finally {
      await gateway.stop();
      await hanging.close();
    }
  });

  it('reports on /ready which subgraphs answer and which schema version is served', async () => {
    const gateway = await gatewayWith({ exchange: 'http://127.0.0.1:9/graphql' }, 1000);
    try {
      const response = await fetch(`${gateway.url}/ready`);
      const body = (await response.json()) as {
        status: string;
        schemaVersion: string;
        subgraphs: { name: string; up: boolean }[];
      };
      // Every subgraph of the artifact is required unless GATEWAY_OPTIONAL_SUBGRAPHS names it.
      expect(response.status).toBe(503);
      expect(body.status).toBe('unavailable');
      expect(body.schemaVersion).toMatch(/^[0-9a-f]{12}$/);
      expect(body.subgraphs).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'exchange', up: false, reason: 'unreachable' }),
          expect.objectContaining({ name: 'federal', up: true }),
        ]),
      );
      const health = await fetch(`${gateway.url}/health`);
      expect(health.status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });

  it('passes the caller’s request id to the subgraphs and back', async () => {
    const response = await fetch(hub.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'test-request-42' },
      body: JSON.stringify({ query: '{ targetGroups { code } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('test-request-42');
  });
});
