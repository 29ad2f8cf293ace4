import { Client } from 'pg';
import type { RunningGateway } from '../../gateway/gateway';
import type { ResponseCacheReport } from '../../gateway/response-cache';
import { analyst, editorOf, operator, TEST_AUTH } from '../support/auth';
import { gatewayHeaders } from '../support/gateway-credential';
import { graphqlOk } from '../support/graphql';
import { getGraphQL, postJson, until, type RawResponse } from '../support/http';
import { createFederalTestMeasure, VALID_FEDERAL_MEASURE_FIELDS } from '../support/fixtures';
import { startOwnGateway } from '../support/own-gateway';
import { testHubForThisFile } from '../support/test-hub';

/**
 * The gateway's response cache against the real hub: public reads are answered from it, and
 * every write — through the gateway, straight to a subgraph, or lost notices — is visible in the
 * very next read.
 */
const hub = testHubForThisFile({ auth: TEST_AUTH });
let url: string;
beforeAll(async () => {
  url = hub.gateway.graphqlUrl;
  // The analytics index was filled at start (one write, one notice): let its notice arrive, so it
  // does not empty the cache in the middle of a test.
  await noticesAfter(0);
});

const READ = 'query Measure($id: ID!) { federalMeasure(id: $id) { id title version } }';

function cacheStats(): ResponseCacheReport {
  const stats = hub.gateway.stats().responseCache;
  if (!stats.enabled) throw new Error('response cache is off');
  return stats;
}

/** Change notices the gateway has received from PostgreSQL. */
function notices(): number {
  return cacheStats().changeFeed?.notifications ?? 0;
}

/**
 * Waits until a notice beyond the first `count` has arrived: each committed write sends one, and
 * it reaches the gateway a moment after the write's answer. Tests that count on cache hits wait
 * for the notices of their own writes, so a late one cannot empty the cache under the next test.
 */
async function noticesAfter(count: number): Promise<void> {
  await until(() => notices() > count, 'a change notice');
}

function cacheHeader(response: RawResponse): string | undefined {
  return response.headers['x-hub-cache'];
}

interface MeasureAnswer {
  data: { federalMeasure: { id: string; title: string; version: number } };
}

async function read(id: string, target = url): Promise<{ response: RawResponse; title: string; version: number }> {
  const response = await postJson(target, { query: READ, variables: { id }, operationName: 'Measure' });
  expect(response.status).toBe(200);
  const { federalMeasure } = response.json<MeasureAnswer>().data;
  return { response, title: federalMeasure.title, version: federalMeasure.version };
}

let created = 0;
/** A fresh BMAS measure (through the gateway), so every test edits its own. */
async function createMeasure(token: string): Promise<string> {
  created += 1;
  const before = notices();
  const id = await createFederalTestMeasure(url, token, `Cache-Test Lotsen ${created}`);
  await noticesAfter(before);
  return id;
}

const RENAME = `mutation($id: ID!, $version: Int!, $title: String!) {
  updateFederalMeasure(id: $id, version: $version, input: { title: $title }) { measure { version title } } }`;

/** A fresh measure (createMeasure) read twice through `target`: the second answer came from the cache. */
async function cachedMeasure(token: string, target = url) {
  const id = await createMeasure(token);
  const before = await read(id, target);
  expect(cacheHeader((await read(id, target)).response)).toBe('hit');
  return { id, before };
}

/** Renames measure `id` with a plain POST to `target`, as any client would, and checks it was written. */
async function rename(
  target: string,
  token: string,
  variables: { id: string; version: number; title: string },
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const write = await postJson(target, { query: RENAME, variables }, { authorization: `Bearer ${token}`, ...headers });
  expect(write.json().errors).toBeUndefined();
  return write;
}

describe('the response cache', () => {
  it('answers a repeated anonymous read from the cache, with the same body', async () => {
    const first = await read('measure:bund:jmd');
    const second = await read('measure:bund:jmd');
    expect(cacheHeader(first.response)).toBe('miss');
    expect(cacheHeader(second.response)).toBe('hit');
    expect(second.response.text).toBe(first.response.text);
    expect(second.response.headers['content-type']).toBe(first.response.headers['content-type']);
    // Every answer still has its own request id.
    expect(second.response.headers['x-request-id']).not.toBe(first.response.headers['x-request-id']);

    // The key is the operation and its variables in canonical form, not the JSON's spelling.
    const reordered = await postJson(url, {
      variables: { id: 'measure:bund:jmd' },
      operationName: 'Measure',
      query: READ,
    });
    expect(cacheHeader(reordered)).toBe('hit');
    const otherVariables = await read('measure:bund:integrationskurs');
    expect(cacheHeader(otherVariables.response)).toBe('miss');
  });

  it('shows a write through the gateway in the very next read', async () => {
    const token = await editorOf('BMAS');
    const { id, before } = await cachedMeasure(token);

    const noticesBefore = notices();
    const write = await rename(url, token, { id, version: before.version, title: `${before.title} (umbenannt)` });
    expect(cacheHeader(write)).toBe('bypass');

    const after = await read(id);
    expect(after.title).toBe(`${before.title} (umbenannt)`);
    expect(after.version).toBe(before.version + 1);
    expect(cacheHeader(after.response)).toBe('miss');
    await noticesAfter(noticesBefore);
  });

  it('shows a write sent straight to the federal subgraph once its change notice arrives', async () => {
    const token = await editorOf('BMAS');
    const { id, before } = await cachedMeasure(token);
    const noticesBefore = notices();

    const federal = hub.subgraphs.get('federal')?.server.graphqlUrl ?? '';
    await rename(
      federal,
      token,
      { id, version: before.version, title: `${before.title} (direkt)` },
      // As if it came from the gateway: subgraphs answer nobody else.
      await gatewayHeaders(hub, 'federal'),
    );
    // The gateway did not see this write; PostgreSQL tells it (NOTIFY on commit). We wait for that
    // notice to be handled (it empties the cache synchronously) — an event, not a fixed pause —
    // and then read exactly once.
    await noticesAfter(noticesBefore);

    const after = await read(id);
    expect(after.title).toBe(`${before.title} (direkt)`);
    expect(cacheHeader(after.response)).toBe('miss');
  });

  it('never caches signed-in reads, and never mutations', async () => {
    const token = await editorOf('BMAS');
    const headers = { authorization: `Bearer ${token}` };
    const stores = cacheStats().stores;
    const body = { query: READ, variables: { id: 'measure:bund:jmd' } };
    const first = await postJson(url, body, headers);
    const second = await postJson(url, body, headers);
    expect([cacheHeader(first), cacheHeader(second)]).toEqual(['bypass', 'bypass']);
    expect(cacheStats().stores).toBe(stores);

    // An anonymous mutation is refused by the subgraph; the error is not stored either.
    const mutation = { query: RENAME, variables: { id: 'measure:bund:jmd', version: 1, title: 'x' } };
    const refused = [await postJson(url, mutation), await postJson(url, mutation)];
    expect(refused.map((r) => r.json().errors?.[0]?.extensions?.['code'])).toEqual([
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
    ]);
    expect(refused.map(cacheHeader)).toEqual(['bypass', 'bypass']);
    expect(cacheStats().stores).toBe(stores);
  });

  it('never caches answers with errors', async () => {
    const stores = cacheStats().stores;
    const failing = { query: '{ place(ars: "99999") { name } }' };
    const answers = [await postJson(url, failing), await postJson(url, failing)];
    for (const answer of answers) {
      expect(answer.json().errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
      expect(cacheHeader(answer)).toBe('miss');
    }
    const invalid = { query: '{ place(ars: "09564") { noSuchField } }' };
    const refused = [await postJson(url, invalid), await postJson(url, invalid)];
    expect(refused.map(cacheHeader)).toEqual(['miss', 'miss']);
    expect(cacheStats().stores).toBe(stores);
  });

  it('answers GET requests too, and leaves Apollo’s CSRF prevention in charge', async () => {
    const params = { query: '{ place(ars: "09162") { name } }' };
    const preflight = { 'apollo-require-preflight': 'true' };
    const first = await getGraphQL(url, params, preflight);
    const second = await getGraphQL(url, params, preflight);
    expect(first.json()).toEqual({ data: { place: { name: 'München, Landeshauptstadt' } } });
    expect([cacheHeader(first), cacheHeader(second)]).toEqual(['miss', 'hit']);
    expect(second.text).toBe(first.text);
    // Without a preflight header the gateway refuses a GET, cached answer or not.
    const simple = await getGraphQL(url, params);
    expect(simple.status).toBe(400);
    expect(cacheHeader(simple)).toBe('bypass');
  });

  it('lets a client ask for a fresh answer with Cache-Control: no-cache', async () => {
    const body = { query: '{ place(ars: "09564") { name } }' };
    await postJson(url, body);
    expect(cacheHeader(await postJson(url, body))).toBe('hit');
    expect(cacheHeader(await postJson(url, body, { 'cache-control': 'no-cache' }))).toBe('bypass');
  });

  it('empties itself when the change feed is lost and stays off until it listens again', async () => {
    const body = { query: '{ place(ars: "08436") { name } }' };
    await postJson(url, body);
    expect(cacheHeader(await postJson(url, body))).toBe('hit');
    const { invalidations, changeFeed } = cacheStats();
    const reconnects = changeFeed?.reconnects ?? 0;

    // Cut the gateway's LISTEN connection from the server side, as a failover or restart would.
    const admin = new Client({ connectionString: hub.databaseUrl });
    await admin.connect();
    try {
      const killed = await admin.query<{ pg_terminate_backend: boolean }>(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE application_name = 'hub-gateway-changes' AND datname = current_database()`,
      );
      expect(killed.rows).toEqual([{ pg_terminate_backend: true }]);
    } finally {
      await admin.end();
    }
    await until(() => (cacheStats().changeFeed?.reconnects ?? 0) > reconnects, 'the change feed to reconnect');

    const stats = cacheStats();
    expect(stats.available).toBe(true);
    // Emptied on the loss and again on the reconnect: whatever was missed in between is gone.
    expect(stats.invalidations).toBeGreaterThanOrEqual(invalidations + 2);
    expect(cacheHeader(await postJson(url, body))).toBe('miss');
    expect(cacheHeader(await postJson(url, body))).toBe('hit');
  });

  it('reports its counters at /stats', async () => {
    const stats = (await (
      await fetch(`${hub.gateway.url}/stats`, { headers: { authorization: `Bearer ${await operator()}` } })
    ).json()) as {
      responseCache: ResponseCacheReport;
      queryPlans: { entries: number };
    };
    expect(stats.responseCache).toMatchObject({ enabled: true, available: true });
    expect(stats.responseCache.hits).toBeGreaterThan(0);
    expect(stats.responseCache.entries).toBeGreaterThan(0);
    expect(stats.responseCache.bytes).toBeGreaterThan(0);
    expect(stats.queryPlans.entries).toBeGreaterThan(0);
  });
});

describe('the change notices behind it', () => {
  it('come from every kind of write — a bulk import straight to a subgraph, a seed run, the analytics refresh — and only from writes', async () => {
    const listener = new Client({ connectionString: hub.databaseUrl });
    const payloads: string[] = [];
    await listener.connect();
    listener.on('notification', (n) => payloads.push(`${n.channel}:${n.payload ?? ''}`));
    await listener.query('LISTEN hub_changes');
    const gatewayNotices = notices();
    try {
      const federal = hub.subgraphs.get('federal')?.server.graphqlUrl ?? '';
      const token = await editorOf('BMAS');
      const IMPORT = `mutation($rows: [FederalMeasureInput!]!, $dryRun: Boolean) {
        importFederalMeasures(rows: $rows, dryRun: $dryRun) { created errors { row } } }`;
      const row = {
        externalId: 'cache-test-import-1',
        title: 'Importierte Lotsen (Cache-Test)',
        ...VALID_FEDERAL_MEASURE_FIELDS,
      };
      const bearer = { authorization: `Bearer ${token}`, ...(await gatewayHeaders(hub, 'federal')) };
      // Nothing written: a dry run, and an import refused for a rule violation.
      const dry = await postJson(federal, { query: IMPORT, variables: { rows: [row], dryRun: true } }, bearer);
      expect(dry.json()).toEqual({ data: { importFederalMeasures: { created: 1, errors: [] } } });
      const refused = await postJson(federal, { query: IMPORT, variables: { rows: [{ ...row, title: '' }] } }, bearer);
      expect(
        refused.json<{ data: { importFederalMeasures: { errors: unknown[] } } }>().data.importFederalMeasures.errors,
      ).not.toHaveLength(0);
      // Written: the import, a seed run, a refresh of the analytics index.
      const imported = await postJson(federal, { query: IMPORT, variables: { rows: [row] } }, bearer);
      expect(imported.json()).toEqual({ data: { importFederalMeasures: { created: 1, errors: [] } } });
      const laender = hub.subgraphs.get('laender');
      if (!laender) throw new Error('laender not running');
      await laender.prepared.module.seed(laender.prepared.database.dataSource);
      await graphqlOk(url, 'mutation { refreshAnalytics { lastError } }', {}, await analyst());

      // Notices arrive in commit order: once the last is here, any from the dry runs would be too.
      await until(() => payloads.length >= 3, 'three change notices');
      expect(payloads).toEqual(['hub_changes:federal', 'hub_changes:laender', 'hub_changes:analytics']);
      // The gateway hears the same three (it may still be catching up on the last).
      await until(() => notices() >= gatewayNotices + 3, 'the gateway to hear them');
    } finally {
      await listener.end();
    }
  });
});

describe('a gateway that does not know the database', () => {
  let lonely: RunningGateway;

  beforeAll(async () => {
    lonely = await startOwnGateway(hub, { auth: TEST_AUTH, databaseUrl: undefined });
  });

  afterAll(async () => {
    await lonely?.stop();
  });

  it('still shows its own writes in the very next read: it empties the cache before answering a mutation', async () => {
    const token = await editorOf('BMAS');
    const { id, before } = await cachedMeasure(token, lonely.graphqlUrl);
    await rename(lonely.graphqlUrl, token, { id, version: before.version, title: `${before.title} (allein)` });
    const after = await read(id, lonely.graphqlUrl);
    expect(after.title).toBe(`${before.title} (allein)`);
    expect(cacheHeader(after.response)).toBe('miss');
  });

  it('does not hear of writes that bypass it (hence the README: RESPONSE_CACHE=off for such setups)', async () => {
    const token = await editorOf('BMAS');
    const id = await createMeasure(token);
    const before = await read(id, lonely.graphqlUrl);
    const write = await graphqlOk(
      url,
      RENAME,
      { id, version: before.version, title: `${before.title} (anderswo)` },
      token,
    );
    expect(write).toBeDefined();
    const after = await read(id, lonely.graphqlUrl);
    expect(cacheHeader(after.response)).toBe('hit');
    expect(after.title).toBe(before.title);
  });
});
