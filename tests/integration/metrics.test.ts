import { gatewayConfigFromEnv } from '../../gateway/config';
import { startGateway, type RunningGateway } from '../../gateway/gateway';
import { OPERATION_LABEL } from '../../gateway/metrics';
import { TEST_AUTH, tokenFor } from '../support/auth';
import { postJson } from '../support/http';
import { startTestHub, type TestHub } from '../support/test-hub';

/** The value of one series in Prometheus text format (0 when absent); `labels` must match exactly. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = new Map<string, string>();
    for (const [, key = '', value = ''] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      found.set(key, value);
    const wanted = Object.entries(labels);
    if (found.size === wanted.length && wanted.every(([key, value]) => found.get(key) === value)) {
      return Number(match[3]);
    }
  }
  return 0;
}

async function scrape(baseUrl: string, token?: string): Promise<{ status: number; text: string; type: string }> {
  const response = await fetch(`${baseUrl}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: response.status, text: await response.text(), type: response.headers.get('content-type') ?? '' };
}

const PROBE = 'query MetricsProbe { place(ars: "09564") { name } }';

describe('/metrics on the gateway', () => {
  let hub: TestHub;
  let operator: string;

  beforeAll(async () => {
    hub = await startTestHub({ auth: TEST_AUTH });
    operator = await tokenFor({ roles: ['operator'] });
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('is refused without an operator token', async () => {
    const anonymous = await scrape(hub.gateway.url);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.text)).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expect((await scrape(hub.gateway.url, 'not-a-token')).status).toBe(401);
    expect((await scrape(hub.gateway.url, await tokenFor({ roles: ['analyst'] }))).status).toBe(403);
  });

  it('counts a request by operation, type and code, and its subgraph call', async () => {
    const before = await scrape(hub.gateway.url, operator);
    expect(before.status).toBe(200);
    expect(before.type).toMatch(/^text\/plain/);
    const labels = { operation: 'MetricsProbe', type: 'query', code: 'ok' };

    const answer = await postJson(hub.gateway.graphqlUrl, { query: PROBE, operationName: 'MetricsProbe' });
    expect(answer.json()).toEqual({ data: { place: { name: 'Nürnberg' } } });

    const after = await scrape(hub.gateway.url, operator);
    expect(sample(after.text, 'hub_requests_total', labels)).toBe(
      sample(before.text, 'hub_requests_total', labels) + 1,
    );
    expect(sample(after.text, 'hub_request_duration_seconds_count', labels)).toBeGreaterThan(0);
    const laenderOk = { subgraph: 'laender', outcome: 'ok' };
    expect(sample(after.text, 'hub_subgraph_calls_total', laenderOk)).toBeGreaterThan(
      sample(before.text, 'hub_subgraph_calls_total', laenderOk),
    );
    expect(sample(after.text, 'hub_subgraph_call_duration_seconds_count', { subgraph: 'laender' })).toBeGreaterThan(0);
    // Every subgraph built so far has a breaker, closed while it answers.
    expect(after.text).toMatch(/^hub_subgraph_breaker_state\{subgraph="laender"\} 0$/m);
    // Process metrics come along.
    expect(after.text).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it('labels operations that did not validate with one fixed name, not the name the client sent', async () => {
    const before = await scrape(hub.gateway.url, operator);
    const answer = await postJson(hub.gateway.graphqlUrl, { query: 'query Made_Up_1234 { noSuchField }' });
    expect(answer.status).toBe(400);
    const after = await scrape(hub.gateway.url, operator);
    const labels = { operation: OPERATION_LABEL.unknown, type: 'unknown', code: 'GRAPHQL_VALIDATION_FAILED' };
    expect(sample(after.text, 'hub_requests_total', labels)).toBe(
      sample(before.text, 'hub_requests_total', labels) + 1,
    );
    expect(after.text).not.toContain('Made_Up_1234');
  });

  it('counts response cache hits, and the request answered from the cache', async () => {
    const before = await scrape(hub.gateway.url, operator);
    // The cache serves only once the gateway hears the change feed; wait for that rather than for a time.
    const deadline = Date.now() + 30_000;
    let cache: string | undefined;
    while (cache !== 'hit' && Date.now() < deadline) {
      cache = (await postJson(hub.gateway.graphqlUrl, { query: PROBE, operationName: 'MetricsProbe' })).headers[
        'x-hub-cache'
      ];
    }
    expect(cache).toBe('hit');
    const after = await scrape(hub.gateway.url, operator);
    expect(sample(after.text, 'hub_response_cache_total', { result: 'hit' })).toBeGreaterThan(
      sample(before.text, 'hub_response_cache_total', { result: 'hit' }),
    );
    const labels = { operation: 'MetricsProbe', type: 'query', code: 'ok' };
    expect(sample(after.text, 'hub_requests_total', labels)).toBeGreaterThan(
      sample(before.text, 'hub_requests_total', labels),
    );
  });

  it('has a counterpart on each subgraph: requests, durations and SQL statements, for operators only', async () => {
    const laender = hub.subgraphs.get('laender')?.server.url as string;
    expect((await scrape(laender)).status).toBe(401);
    expect((await scrape(laender, await tokenFor({ roles: ['analyst'] }))).status).toBe(403);
    const before = await scrape(laender, operator);
    expect(before.status).toBe(200);
    // Not answered from the response cache: a place the earlier queries did not ask for.
    const answer = await postJson(hub.gateway.graphqlUrl, {
      query: 'query MetricsPlace { place(ars: "09162") { name } }',
    });
    expect(answer.json()).toEqual({ data: { place: { name: 'München, Landeshauptstadt' } } });
    const after = await scrape(laender, operator);
    const graphqlOk = { route: '/graphql', status: '200' };
    expect(sample(after.text, 'hub_subgraph_requests_total', graphqlOk)).toBeGreaterThan(
      sample(before.text, 'hub_subgraph_requests_total', graphqlOk),
    );
    expect(sample(after.text, 'hub_subgraph_request_duration_seconds_count', { route: '/graphql' })).toBeGreaterThan(0);
    expect(sample(after.text, 'hub_sql_statements_total')).toBeGreaterThan(
      sample(before.text, 'hub_sql_statements_total'),
    );
  });

  describe('with OPS_ENDPOINTS_PUBLIC=on', () => {
    let open: RunningGateway;

    beforeAll(async () => {
      // A depth of 2 and five requests a minute, so that one refusal of each is easy to cause.
      const config = gatewayConfigFromEnv({
        OPS_ENDPOINTS_PUBLIC: 'on',
        LIMIT_MAX_DEPTH: '2',
        RATE_LIMIT_PER_MINUTE: '5',
      });
      open = await startGateway({
        ...config,
        port: 0,
        logLevel: 'silent',
        auth: TEST_AUTH,
        signingKey: hub.gatewayKeys.privateKey,
        subgraphUrls: Object.fromEntries([...hub.subgraphs].map(([name, s]) => [name, s.server.graphqlUrl])),
        responseCache: { ...config.responseCache, enabled: false },
      });
    });

    afterAll(async () => {
      await open?.stop();
    });

    it('answers without a token, with counters of its own', async () => {
      await postJson(open.graphqlUrl, { query: PROBE, operationName: 'MetricsProbe' });
      const { status, text } = await scrape(open.url);
      expect(status).toBe(200);
      // One registry per gateway: the first gateway's requests are not counted here.
      expect(sample(text, 'hub_requests_total', { operation: 'MetricsProbe', type: 'query', code: 'ok' })).toBe(1);
    });

    it('counts limit refusals by limit and rate-limited requests', async () => {
      const deep = await postJson(open.graphqlUrl, { query: '{ place(ars: "09564") { land { kreise { name } } } }' });
      expect(deep.status).toBe(400);
      expect(deep.json().errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'depth' });
      // Five a minute: the next few requests run into the rate limit (429) without waiting for anything.
      let status = 0;
      for (let i = 0; i < 10 && status !== 429; i += 1) {
        status = (await postJson(open.graphqlUrl, { query: PROBE, operationName: 'MetricsProbe' })).status;
      }
      expect(status).toBe(429);
      const { text } = await scrape(open.url);
      expect(sample(text, 'hub_operation_limit_refusals_total', { limit: 'depth' })).toBe(1);
      expect(sample(text, 'hub_rate_limited_total')).toBeGreaterThanOrEqual(1);
      expect(
        sample(text, 'hub_requests_total', {
          operation: OPERATION_LABEL.unknown,
          type: 'unknown',
          code: 'RATE_LIMITED',
        }),
      ).toBeGreaterThanOrEqual(1);
    });
  });
});
