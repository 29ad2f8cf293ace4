import { corsFromEnv } from '../../gateway/cors';
import { CACHE_HEADER } from '../../gateway/response-cache/route-hooks';
import { editorOf, TEST_AUTH } from '../support/auth';
import { onNewConnection, type RawResponse } from '../support/http';
import { testHubForThisFile } from '../support/test-hub';

/** The page allowed to send a token (CORS_ORIGINS), and pages that are not. */
const LISTED = 'https://angebote.example.org';
const ELSEWHERE = 'https://somewhere-else.example.com';

const hub = testHubForThisFile({ auth: TEST_AUTH, gateway: { cors: corsFromEnv({ CORS_ORIGINS: `${LISTED}/` }) } });

const QUERY = { query: '{ __typename }' };

/** What a browser sends before a cross-origin request that is not "simple". */
function preflight(path: string, origin: string, method: string, requestHeaders?: string): Promise<RawResponse> {
  return onNewConnection(`${hub.gateway.url}${path}`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      ...(requestHeaders ? { 'access-control-request-headers': requestHeaders } : {}),
    },
  });
}

const listOf = (value: string | undefined) => (value ?? '').split(',').map((item) => item.trim().toLowerCase());

/**
 * The browser's CORS check of a preflight (Fetch standard, "CORS-preflight fetch"): an ok status,
 * an allowed origin (a credentialed request needs it echoed and Allow-Credentials), the method and
 * every requested header allowed (a `*` never covers `authorization`).
 */
function browserWouldSend(
  answer: RawResponse,
  request: { origin: string; method: string; headers: string[]; credentials?: boolean },
): boolean {
  const allowOrigin = answer.headers['access-control-allow-origin'];
  const credentialsAllowed = answer.headers['access-control-allow-credentials'] === 'true';
  if (answer.status < 200 || answer.status > 299) return false;
  if (request.credentials ? allowOrigin !== request.origin || !credentialsAllowed : allowOrigin === undefined) {
    return false;
  }
  if (allowOrigin !== '*' && allowOrigin !== request.origin) return false;
  const methods = listOf(answer.headers['access-control-allow-methods']);
  if (!['GET', 'HEAD', 'POST'].includes(request.method) && !methods.includes(request.method.toLowerCase())) {
    return false;
  }
  const allowed = listOf(answer.headers['access-control-allow-headers']);
  return request.headers.every((name) => allowed.includes(name));
}

/** The browser's check of the actual answer: may the page read it? */
function pageMayRead(answer: RawResponse, origin: string, credentials = false): boolean {
  const allowOrigin = answer.headers['access-control-allow-origin'];
  if (credentials) return allowOrigin === origin && answer.headers['access-control-allow-credentials'] === 'true';
  return allowOrigin === '*' || allowOrigin === origin;
}

describe('browser access from other origins (CORS)', () => {
  it('lets a page on any origin send an anonymous JSON POST and read the answer', async () => {
    const asked = await preflight('/graphql', ELSEWHERE, 'POST', 'content-type');
    expect(asked.status).toBe(204);
    expect(browserWouldSend(asked, { origin: ELSEWHERE, method: 'POST', headers: ['content-type'] })).toBe(true);
    expect(asked.headers['access-control-allow-origin']).toBe('*');
    expect(asked.headers['access-control-allow-credentials']).toBeUndefined();
    expect(asked.headers['access-control-max-age']).toBe('600');

    const sent = { method: 'POST', body: QUERY, headers: { origin: ELSEWHERE } };
    const first = await onNewConnection(hub.gateway.graphqlUrl, sent);
    expect(first.status).toBe(200);
    expect(first.json().data).toEqual({ __typename: 'Query' });
    expect(first.headers['access-control-allow-origin']).toBe('*');
    expect(pageMayRead(first, ELSEWHERE)).toBe(true);
    expect(listOf(first.headers['access-control-expose-headers'])).toEqual(
      expect.arrayContaining(['x-request-id', CACHE_HEADER, 'etag']),
    );
    // From the response cache, with the same headers.
    const again = await onNewConnection(hub.gateway.graphqlUrl, sent);
    expect(again.headers[CACHE_HEADER]).toBe('hit');
    expect(again.headers['access-control-allow-origin']).toBe('*');
  });

  it('lets a page on any origin GET with Apollo’s preflight header', async () => {
    const asked = await preflight('/graphql', ELSEWHERE, 'GET', 'apollo-require-preflight');
    expect(browserWouldSend(asked, { origin: ELSEWHERE, method: 'GET', headers: ['apollo-require-preflight'] })).toBe(
      true,
    );
    const search = new URLSearchParams({ query: QUERY.query });
    const answer = await onNewConnection(`${hub.gateway.graphqlUrl}?${search.toString()}`, {
      headers: { origin: ELSEWHERE, 'apollo-require-preflight': 'true' },
    });
    expect(answer.status).toBe(200);
    expect(pageMayRead(answer, ELSEWHERE)).toBe(true);
  });

  it('lets the listed origin send a token: its origin echoed, credentials allowed, Vary: Origin', async () => {
    const asked = await preflight('/graphql', LISTED, 'POST', 'authorization, content-type');
    const wanted = { origin: LISTED, method: 'POST', headers: ['authorization', 'content-type'] };
    expect(browserWouldSend(asked, wanted)).toBe(true);
    expect(browserWouldSend(asked, { ...wanted, credentials: true })).toBe(true);
    expect(asked.headers['access-control-allow-origin']).toBe(LISTED);
    expect(listOf(asked.headers['vary'])).toContain('origin');

    const token = await editorOf('BMAS');
    const answer = await onNewConnection(hub.gateway.graphqlUrl, {
      method: 'POST',
      body: QUERY,
      headers: { origin: LISTED, authorization: `Bearer ${token}` },
    });
    expect(answer.status).toBe(200);
    // The token was read: a signed-in answer does not come from the shared cache.
    expect(answer.headers[CACHE_HEADER]).toBe('bypass');
    expect(pageMayRead(answer, LISTED, true)).toBe(true);
    expect(listOf(answer.headers['vary'])).toContain('origin');
  });

  it('gives an unlisted origin no permission to send a token', async () => {
    const asked = await preflight('/graphql', ELSEWHERE, 'POST', 'authorization, content-type');
    expect(asked.headers['access-control-allow-origin']).toBe('*');
    expect(listOf(asked.headers['access-control-allow-headers'])).not.toContain('authorization');
    const wanted = { origin: ELSEWHERE, method: 'POST', headers: ['authorization', 'content-type'] };
    expect(browserWouldSend(asked, wanted)).toBe(false);
    expect(browserWouldSend(asked, { ...wanted, credentials: true })).toBe(false);
    // Not even with cookies only (credentials: 'include'): the origin is not echoed.
    expect(browserWouldSend(asked, { ...wanted, headers: ['content-type'], credentials: true })).toBe(false);
  });

  it('says Vary: Origin on anonymous answers too, as they differ between listed and other origins', async () => {
    const answer = await onNewConnection(hub.gateway.graphqlUrl, { method: 'POST', body: QUERY });
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(listOf(answer.headers['vary'])).toContain('origin');
  });

  it('keeps Apollo’s CSRF prevention for requests a browser sends without a preflight', async () => {
    const search = new URLSearchParams({ query: QUERY.query });
    const simpleGet = await onNewConnection(`${hub.gateway.graphqlUrl}?${search.toString()}`, {
      headers: { origin: ELSEWHERE },
    });
    expect(simpleGet.status).toBe(400);
    expect(simpleGet.text).toMatch(/Cross-Site Request Forgery/);
    const simplePost = await onNewConnection(hub.gateway.graphqlUrl, {
      method: 'POST',
      body: QUERY,
      headers: { origin: ELSEWHERE, 'content-type': 'text/plain' },
    });
    expect(simplePost.status).toBe(400);
    expect(simplePost.text).toMatch(/Cross-Site Request Forgery/);
  });

  it('opens /health and /ready to every origin, and not /metrics or /stats', async () => {
    for (const path of ['/health', '/ready']) {
      const answer = await onNewConnection(`${hub.gateway.url}${path}`, { headers: { origin: ELSEWHERE } });
      expect(pageMayRead(answer, ELSEWHERE)).toBe(true);
    }
    for (const path of ['/metrics', '/stats']) {
      const answer = await onNewConnection(`${hub.gateway.url}${path}`, { headers: { origin: LISTED } });
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      const asked = await preflight(path, LISTED, 'GET', 'authorization');
      expect(browserWouldSend(asked, { origin: LISTED, method: 'GET', headers: ['authorization'] })).toBe(false);
      expect(asked.status).toBe(404);
    }
  });
});
