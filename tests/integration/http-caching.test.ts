import { createHash } from 'node:crypto';
import type { RunningGateway } from '../../gateway/gateway';
import { queryHash } from '../../gateway/response-cache';
import { editorOf, TEST_AUTH } from '../support/auth';
import { createFederalTestMeasure } from '../support/fixtures';
import { graphqlOk } from '../support/graphql';
import { getGraphQL, onNewConnection, postJson, until, type RawResponse } from '../support/http';
import { startOwnGateway } from '../support/own-gateway';
import { testHubForThisFile } from '../support/test-hub';

/**
 * HTTP caching of public reads on the real gateway: anonymous GET answers (APQ ones too) may be
 * kept by browsers and CDNs (Cache-Control public, max-age, a strong ETag, 304 on If-None-Match);
 * answers to a token, POSTs, errors and refusals may not.
 */
const hub = testHubForThisFile({ auth: TEST_AUTH });
let url: string;
beforeAll(async () => {
  url = hub.gateway.graphqlUrl;
  // The analytics index was filled at start: let its change notice arrive before counting on hits.
  await noticesAfter(0);
});

/** Change notices the gateway has received: each committed write sends one, a moment after its answer. */
function notices(): number {
  const stats = hub.gateway.stats().responseCache;
  return stats.enabled ? (stats.changeFeed?.notifications ?? 0) : 0;
}

async function noticesAfter(count: number): Promise<void> {
  await until(() => notices() > count, 'a change notice');
}

/** Apollo's CSRF prevention: a GET must carry a header that a browser sends only after a preflight. */
const PREFLIGHT = { 'apollo-require-preflight': 'true' };
const PLACE = { query: '{ place(ars: "09162") { name } }' };
const READ = 'query Measure($id: ID!) { federalMeasure(id: $id) { id title version } }';
const RENAME = `mutation($id: ID!, $version: Int!, $title: String!) {
  updateFederalMeasure(id: $id, version: $version, input: { title: $title }) { measure { version } } }`;

type Params = Parameters<typeof getGraphQL>[1];

/**
 * A GET as a browser or a CDN revalidates: plain node:http, because fetch() adds
 * `Cache-Control: no-cache` to a request that carries If-None-Match (and so would keep the
 * response cache out).
 */
function get(params: Params, headers: Record<string, string> = {}, target = url): Promise<RawResponse> {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return onNewConnection(`${target}?${search.toString()}`, { headers: { ...PREFLIGHT, ...headers } });
}

function varyOf(response: RawResponse): string[] {
  return (response.headers['vary'] ?? '').split(',').map((name) => name.trim().toLowerCase());
}

/** What a public answer carries: its headers and an ETag that is the SHA-256 of its exact bytes. */
function expectPublic(response: RawResponse): string {
  expect(response.status).toBe(200);
  expect(response.json().errors).toBeUndefined();
  expect(response.headers['cache-control']).toBe('public, max-age=60');
  expect(varyOf(response)).toEqual(expect.arrayContaining(['authorization', 'accept']));
  const etag = response.headers['etag'];
  expect(etag).toBe(`"${createHash('sha256').update(response.text).digest('base64url')}"`);
  return etag ?? '';
}

/** What an answer that no shared cache may keep carries: Apollo's no-store unless said otherwise. */
function expectNotPublic(response: RawResponse, cacheControl: string | RegExp = 'no-store'): void {
  if (typeof cacheControl === 'string') expect(response.headers['cache-control']).toBe(cacheControl);
  expect(response.headers['cache-control']).toMatch(cacheControl);
  expect(response.headers['cache-control']).not.toMatch(/public|max-age=[1-9]/);
  expect(response.headers['etag']).toBeUndefined();
}

describe('HTTP caching of anonymous GET answers', () => {
  it('marks them public for the configured max age, with a strong ETag of the body — a response-cache hit too', async () => {
    const miss = await get(PLACE);
    expect(miss.headers['x-hub-cache']).toBe('miss');
    const etag = expectPublic(miss);
    const hit = await get(PLACE);
    expect(hit.headers['x-hub-cache']).toBe('hit');
    expect(expectPublic(hit)).toBe(etag);
    expect(hit.text).toBe(miss.text);
    // From a page on another origin (CORS, gateway/cors.ts) the same: Vary keeps both.
    const fromPage = await get(PLACE, { origin: 'https://angebote.example.org' });
    expect(expectPublic(fromPage)).toBe(etag);
  });

  it('answers If-None-Match with that ETag by 304 and no body, from the cache or from Apollo', async () => {
    const first = await get(PLACE);
    const etag = expectPublic(first);
    const cases: [Record<string, string>, string][] = [
      [{}, 'hit'],
      [{ 'cache-control': 'no-cache' }, 'bypass'],
    ];
    for (const [headers, cacheResult] of cases) {
      const again = await get(PLACE, { 'if-none-match': etag, ...headers });
      expect(again.headers['x-hub-cache']).toBe(cacheResult);
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers['etag']).toBe(etag);
      expect(again.headers['cache-control']).toBe('public, max-age=60');
      expect(varyOf(again)).toEqual(expect.arrayContaining(['authorization', 'accept']));
    }
    // Any of several tags, a weak form of it, or `*`; another tag gets the whole answer.
    expect((await get(PLACE, { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
    expect((await get(PLACE, { 'if-none-match': '*' })).status).toBe(304);
    const other = await get(PLACE, { 'if-none-match': '"not-this-one"' });
    expect(other.status).toBe(200);
    expect(other.text).toBe(first.text);
  });

  it('gives a changed answer a new ETag, and the old one no longer gets a 304', async () => {
    const token = await editorOf('BMAS');
    const noticesBefore = notices();
    const id = await createFederalTestMeasure(url, token, 'HTTP-Cache-Test Lotsen');
    const params = { query: READ, variables: { id }, operationName: 'Measure' };
    const before = await get(params);
    const oldEtag = expectPublic(before);
    expect((await get(params, { 'if-none-match': oldEtag })).status).toBe(304);

    const { version } = before.json<{ data: { federalMeasure: { version: number } } }>().data.federalMeasure;
    await graphqlOk(url, RENAME, { id, version, title: 'HTTP-Cache-Test Lotsen (umbenannt)' }, token);

    const after = await get(params, { 'if-none-match': oldEtag });
    expect(after.status).toBe(200);
    expect(after.json()).toMatchObject({ data: { federalMeasure: { title: 'HTTP-Cache-Test Lotsen (umbenannt)' } } });
    const newEtag = expectPublic(after);
    expect(newEtag).not.toBe(oldEtag);
    expect((await get(params, { 'if-none-match': newEtag })).status).toBe(304);
    // Both writes' notices are in: none of them empties the cache under the next test.
    await until(() => notices() >= noticesBefore + 2, 'the change notices of both writes');
  });

  it('caches persisted-query GETs by hash alone, and not the answer that asks for the query', async () => {
    const query = '{ place(ars: "08436") { name land { name } } }';
    const byHash = { extensions: { persistedQuery: { version: 1, sha256Hash: queryHash(query) } } };
    const unknown = await get(byHash);
    expect(unknown.json().errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_NOT_FOUND');
    expectNotPublic(unknown, /no-cache/);

    expect((await postJson(url, { query, ...byHash })).json().errors).toBeUndefined();
    // Apollo answers by hash alone (the POST's answer has another key: it sent another Accept) …
    const executed = await get(byHash);
    expect(executed.headers['x-hub-cache']).toBe('miss');
    expect(executed.json()).toEqual({ data: { place: { name: 'Ravensburg', land: { name: 'Baden-Württemberg' } } } });
    const etag = expectPublic(executed);
    // … and then the response cache.
    const hit = await get(byHash);
    expect(hit.headers['x-hub-cache']).toBe('hit');
    expect(expectPublic(hit)).toBe(etag);
    const revalidated = await get(byHash, { 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.text).toBe('');
  });
});

describe('answers no shared cache may keep', () => {
  it('are those to a token: private, no-store, no ETag and no 304, on GET and POST', async () => {
    const etag = expectPublic(await get(PLACE));
    const authorization = `Bearer ${await editorOf('BMAS')}`;
    const signedIn = await get(PLACE, { authorization, 'if-none-match': etag });
    expect(signedIn.status).toBe(200);
    expect(signedIn.json()).toEqual({ data: { place: { name: 'München, Landeshauptstadt' } } });
    expectNotPublic(signedIn, 'private, no-store');
    expect(varyOf(signedIn)).toEqual(expect.arrayContaining(['authorization', 'accept']));
    expectNotPublic(await postJson(url, PLACE, { authorization }), 'private, no-store');
  });

  it('are anonymous POSTs, as before: no-store, no ETag, If-None-Match ignored — a response-cache hit too', async () => {
    await postJson(url, PLACE);
    const posted = await onNewConnection(url, { body: PLACE, headers: { 'if-none-match': '*' } });
    expect(posted.headers['x-hub-cache']).toBe('hit');
    expect(posted.status).toBe(200);
    expectNotPublic(posted);
  });

  it('are answers with errors, refusals and mutations', async () => {
    const failing = await get({ query: '{ place(ars: "99999") { name } }' }, { 'if-none-match': '*' });
    expect(failing.status).toBe(200);
    expect(failing.json().errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expectNotPublic(failing);
    const invalid = await get({ query: '{ place(ars: "09564") { noSuchField } }' });
    expect(invalid.status).toBe(400);
    expectNotPublic(invalid);
    // Without a preflight header Apollo refuses a GET, cached answer or not.
    const simple = await getGraphQL(url, PLACE, { 'if-none-match': '*' });
    expect(simple.status).toBe(400);
    expect(simple.headers['etag']).toBeUndefined();
    expect(simple.headers['cache-control'] ?? '').not.toContain('public');
    const mutation = await get({ query: 'mutation { refreshAnalytics { lastError } }' });
    expect(mutation.status).toBe(405);
    expect(mutation.headers['etag']).toBeUndefined();
    expect(mutation.headers['cache-control'] ?? '').not.toContain('public');
  });
});

describe('its settings', () => {
  let bounded: RunningGateway;
  let off: RunningGateway;

  beforeAll(async () => {
    const base = { auth: TEST_AUTH };
    [bounded, off] = await Promise.all([
      // Without a response cache, and a max age above the response cache's bound.
      startOwnGateway(hub, {
        ...base,
        responseCache: { enabled: false, maxBytes: 1024 * 1024, maxEntries: 10, maxAgeSeconds: 20 },
        httpCaching: { maxAgeSeconds: 600 },
      }),
      startOwnGateway(hub, { ...base, httpCaching: { maxAgeSeconds: 0 } }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([bounded?.stop(), off?.stop()]);
  });

  it('never exceed the response cache’s max age, and work without the response cache', async () => {
    const answer = await get(PLACE, {}, bounded.graphqlUrl);
    expect(answer.headers['x-hub-cache']).toBeUndefined();
    expect(answer.headers['cache-control']).toBe('public, max-age=20');
    const etag = answer.headers['etag'] ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const again = await get(PLACE, { 'if-none-match': etag }, bounded.graphqlUrl);
    expect(again.status).toBe(304);
  });

  it('switch it off with HTTP_CACHE_MAX_AGE_SECONDS=0: every answer as before', async () => {
    const answer = await get(PLACE, { 'if-none-match': '*' }, off.graphqlUrl);
    expect(answer.status).toBe(200);
    expectNotPublic(answer);
  });
});
