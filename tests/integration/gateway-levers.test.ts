import type { GatewayStats } from '../../gateway/stats';
import { queryHash } from '../../gateway/response-cache';
import { editorOf, TEST_AUTH } from '../support/auth';
import { getGraphQL, postJson } from '../support/http';
import { HEADLINE_QUERY } from '../../web/operations';
import { testHubForThisFile } from '../support/test-hub';

/** De-duplication of subgraph fetches, automatic persisted queries and the query-plan cache, on the real hub. */
const hub = testHubForThisFile({ auth: TEST_AUTH });
let url: string;
beforeAll(() => {
  url = hub.gateway.graphqlUrl;
});

function fetches(): { sent: number; shared: number; federalSent: number } {
  const bySubgraph = Object.entries(hub.gateway.stats().subgraphFetches.bySubgraph);
  return {
    sent: bySubgraph.reduce((sum, [, s]) => sum + s.sent, 0),
    shared: bySubgraph.reduce((sum, [, s]) => sum + s.shared, 0),
    federalSent: bySubgraph.find(([name]) => name === 'federal')?.[1].sent ?? 0,
  };
}

describe('de-duplication of identical subgraph fetches', () => {
  it('lets concurrent identical queries share subgraph calls', async () => {
    // Signed in, so the response cache stays out of it and every request is executed.
    const headers = { authorization: `Bearer ${await editorOf('BMAS')}` };
    const body = { query: HEADLINE_QUERY, variables: { code: 'FAMILIES', ars: '08436' } };

    const start = fetches();
    expect((await postJson(url, body, headers)).json().errors).toBeUndefined();
    const alone = fetches().sent - start.sent;
    expect(alone).toBeGreaterThanOrEqual(4);

    const burst = 12;
    const before = fetches();
    const answers = await Promise.all(Array.from({ length: burst }, () => postJson(url, body, headers)));
    const after = fetches();
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(answers[0]?.json().errors).toBeUndefined();
    // Twelve executions with `alone` calls each, but some of those calls were shared.
    expect(after.shared - before.shared).toBeGreaterThan(0);
    expect(after.sent - before.sent).toBeLessThan(burst * alone);
    expect(after.sent - before.sent + (after.shared - before.shared)).toBe(burst * alone);
  });

  it('never shares mutations', async () => {
    const headers = { authorization: `Bearer ${await editorOf('BMFSFJ')}` };
    // A stale version: refused with CONFLICT, nothing is written, and the call is made each time.
    const body = {
      query: `mutation { updateFederalMeasure(id: "measure:bund:jmd", version: 999, input: { title: "x" }) { measure { id } } }`,
    };
    const before = fetches();
    const answers = await Promise.all(Array.from({ length: 6 }, () => postJson(url, body, headers)));
    const after = fetches();
    expect(answers.map((a) => a.json().errors?.[0]?.extensions?.['code'])).toEqual(Array(6).fill('CONFLICT'));
    expect(after.federalSent - before.federalSent).toBe(6);
    expect(after.shared - before.shared).toBe(0);
  });
});

describe('automatic persisted queries', () => {
  const QUERY = '{ place(ars: "09564") { name land { name } } }';
  const extensions = { persistedQuery: { version: 1, sha256Hash: queryHash(QUERY) } };
  const data = { data: { place: { name: 'Nürnberg', land: { name: 'Bayern' } } } };

  it('asks for the query once, then answers by hash alone, over POST and GET', async () => {
    const unknown = await postJson(url, { extensions });
    expect(unknown.status).toBe(200);
    expect(unknown.json().errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.headers['x-hub-cache']).toBe('miss');

    const registered = await postJson(url, { query: QUERY, extensions });
    expect(registered.json()).toEqual(data);

    // The hash alone now works — asked of Apollo itself (no-cache keeps the response cache out).
    const noCache = { 'cache-control': 'no-cache' };
    const byHash = await postJson(url, { extensions }, noCache);
    expect(byHash.json()).toEqual(data);
    expect(byHash.headers['x-hub-cache']).toBe('bypass');
    const byGet = await getGraphQL(url, { extensions }, { ...noCache, 'apollo-require-preflight': 'true' });
    expect(byGet.json()).toEqual(data);

    const stats: GatewayStats = hub.gateway.stats();
    expect(stats.persistedQueries).toMatchObject({ enabled: true, entries: 1 });
    if (stats.persistedQueries.enabled) expect(stats.persistedQueries.hits).toBeGreaterThanOrEqual(2);
  });

  it('shares the response cache between the full query and its hash', async () => {
    const OTHER = '{ place(ars: "09162") { name } }';
    const hashOnly = { extensions: { persistedQuery: { version: 1, sha256Hash: queryHash(OTHER) } } };
    const first = await postJson(url, { query: OTHER, ...hashOnly });
    expect(first.headers['x-hub-cache']).toBe('miss');
    const byHash = await postJson(url, hashOnly);
    expect(byHash.headers['x-hub-cache']).toBe('hit');
    expect(byHash.text).toBe(first.text);
    const byGet = await getGraphQL(url, hashOnly, { 'apollo-require-preflight': 'true' });
    expect(byGet.headers['x-hub-cache']).toBe('hit');
    expect(byGet.text).toBe(first.text);
  });

  it('refuses a hash that does not match the query, and so does not answer it from the cache', async () => {
    const cached = '{ place(ars: "09162") { name } }';
    await postJson(url, { query: cached });
    const wrong = { persistedQuery: { version: 1, sha256Hash: queryHash(QUERY) } };
    const answer = await postJson(url, { query: cached, extensions: wrong });
    // Apollo's own refusal, passed on with a stable code.
    expect(answer.status).toBe(400);
    expect(answer.json().data).toBeUndefined();
    expect(answer.json().errors).toEqual([
      { message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } },
    ]);
    expect(answer.headers['x-hub-cache']).toBe('bypass');
  });
});

describe('the query-plan cache', () => {
  it('plans an operation once and reuses the plan', async () => {
    const query = '{ targetGroup(code: LGBTIQ) { code federalOffers { id } exchangeFormats { name } } }';
    // Signed in: every request is executed (and planned) by Apollo.
    const headers = { authorization: `Bearer ${await editorOf('BMAS')}` };
    const before = hub.gateway.stats().queryPlans;
    expect((await postJson(url, { query }, headers)).json().errors).toBeUndefined();
    const once = hub.gateway.stats().queryPlans;
    await postJson(url, { query }, headers);
    await postJson(url, { query }, headers);
    const thrice = hub.gateway.stats().queryPlans;
    expect(once.misses - before.misses).toBe(1);
    expect(once.entries - before.entries).toBe(1);
    expect(thrice.hits - once.hits).toBe(2);
    expect(thrice.misses).toBe(once.misses);
    expect(thrice.bytes).toBeGreaterThan(0);
    expect(thrice.maxBytes).toBe(30 * 1024 * 1024);
  });
});
