import type { FastifyInstance } from 'fastify';
import { gatewayConfigFromEnv } from '../../gateway/config';
import { corsFromEnv, registerCors } from '../../gateway/cors';
import { createHttpServer, listen } from '../../subgraphs/shared/platform/http-server';
import { onNewConnection } from '../support/http';

describe('CORS_ORIGINS and CORS_MAX_AGE_SECONDS', () => {
  it('lists no origin by default: every origin reads anonymously, none sends a token', () => {
    expect(corsFromEnv({})).toEqual({ credentialedOrigins: [], maxAgeSeconds: 600 });
    expect(gatewayConfigFromEnv({}).cors).toEqual({ credentialedOrigins: [], maxAgeSeconds: 600 });
  });

  it('reads origins as a browser sends them in Origin', () => {
    const config = corsFromEnv({
      CORS_ORIGINS:
        ' https://angebote.example.org/ , http://localhost:5173,HTTPS://App.Example.org,https://angebote.example.org',
      CORS_MAX_AGE_SECONDS: '0',
    });
    expect(config).toEqual({
      credentialedOrigins: ['https://angebote.example.org', 'http://localhost:5173', 'https://app.example.org'],
      maxAgeSeconds: 0,
    });
  });

  it.each([
    ['*', /"\*" is not allowed/],
    ['https://a.example.org,*', /"\*" is not allowed/],
    ['angebote.example.org', /must list origins like https:\/\/app\.example\.org, got "angebote\.example\.org"/],
    ['https://angebote.example.org/finder', /no path\), got "https:\/\/angebote\.example\.org\/finder"/],
    ['https://angebote.example.org?x=1', /no path\)/],
    ['ftp://files.example.org', /no path\), got "ftp:\/\/files\.example\.org"/],
    ['null', /must list origins like/],
  ])('refuses CORS_ORIGINS=%s at start', (value, message) => {
    expect(() => corsFromEnv({ CORS_ORIGINS: value })).toThrow(message);
    expect(() => gatewayConfigFromEnv({ CORS_ORIGINS: value })).toThrow(/CORS_ORIGINS/);
  });

  it('refuses a CORS_MAX_AGE_SECONDS that is not a whole number', () => {
    expect(() => corsFromEnv({ CORS_MAX_AGE_SECONDS: 'long' })).toThrow(/CORS_MAX_AGE_SECONDS must be a whole number/);
  });
});

describe('CORS without listed origins', () => {
  let app: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    app = createHttpServer({ name: 'cors-test', logLevel: 'silent' });
    await registerCors(app, corsFromEnv({}));
    // Like gateway/graphql-route.ts: the route takes OPTIONS, so its preflights meet the CORS hook.
    app.route({
      method: ['POST', 'OPTIONS'],
      url: '/graphql',
      handler: async () => ({ data: { __typename: 'Query' } }),
    });
    url = `${await listen(app, 0, '127.0.0.1')}/graphql`;
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers every origin alike, so no Vary: Origin splits a CDN’s copies', async () => {
    const origin = 'https://angebote.example.org';
    const answer = await onNewConnection(url, { method: 'POST', body: {}, headers: { origin } });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(answer.headers['vary'] ?? '').not.toMatch(/origin/i);
    const asked = await onNewConnection(url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    expect(asked.status).toBe(204);
    expect(asked.headers['access-control-allow-origin']).toBe('*');
    expect(asked.headers['access-control-allow-headers']).not.toMatch(/authorization/i);
    expect(asked.headers['access-control-allow-credentials']).toBeUndefined();
  });
});
