import { postJson } from '../support/http';
import { editorOf, TEST_AUTH, tokenFor } from '../support/auth';
import { testHubForThisFile } from '../support/test-hub';

const PER_MINUTE = 3;
const hub = testHubForThisFile({ auth: TEST_AUTH, gateway: { rateLimit: { enabled: true, perMinute: PER_MINUTE } } });
let url: string;
beforeAll(() => {
  url = hub.gateway.graphqlUrl;
});

const ask = (headers: Record<string, string> = {}) => postJson(url, { query: '{ __typename }' }, headers);

describe('the rate limit per client', () => {
  it('answers 429 with Retry-After and RATE_LIMITED once a client is over its requests per minute', async () => {
    for (let i = 0; i < PER_MINUTE; i += 1) expect((await ask()).status).toBe(200);
    const limited = await ask();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const body = limited.json();
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED' });
    expect(body.errors?.[0]?.message).toMatch(/Too many requests/);
  });

  it('counts a caller with a token by its subject, not by its address', async () => {
    const token = await editorOf('BMAS');
    for (let i = 0; i < PER_MINUTE; i += 1) expect((await ask({ authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await ask({ authorization: `Bearer ${token}` })).status).toBe(429);
  });

  it('does not limit internal callers (the analytics refresh)', async () => {
    const token = await tokenFor({ roles: ['internal'] });
    for (let i = 0; i < PER_MINUTE + 2; i += 1)
      expect((await ask({ authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('leaves the health endpoint alone', async () => {
    const health = await fetch(`${hub.gateway.url}/health`);
    expect(health.status).toBe(200);
  });
});
