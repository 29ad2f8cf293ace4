import { generateKeyPairSync } from 'node:crypto';
import Fastify from 'fastify';
import { SignJWT, UnsecuredJWT } from 'jose';
import { requireOperator } from '../../subgraphs/shared/platform/auth/operator-guard';
import { federalSubgraph } from '../../subgraphs/federal';
import {
  createGatewayCredentialSigner,
  GATEWAY_JWKS_PATH,
  generateGatewayKeys,
  type GatewayTrust,
} from '../../subgraphs/shared/platform/auth/gateway-credential';
import { createTokenVerifier } from '../../subgraphs/shared/platform/auth/token-verifier';
import { startSubgraphServer, type RunningSubgraph } from '../../subgraphs/shared/server/subgraph-server';
import { TEST_AUTH, tokenFor } from '../support/auth';
import { craftedCredential, GATEWAY_CREDENTIAL_HEADER, gatewayHeaders } from '../support/gateway-credential';
import { graphql } from '../support/graphql';
import { getGraphQL } from '../support/http';
import { HEADLINE_QUERY } from '../../web/operations';
import { startTestHub, type TestHub } from '../support/test-hub';

/**
 * Issue 10, item 5: subgraphs answer only the gateway (a short-lived Ed25519 credential for their
 * own name), user tokens must carry an expiry and use an allowed algorithm, /stats needs an
 * operator. Against the real hub: real subgraph servers, the real gateway.
 */
let hub: TestHub;
const extra: RunningSubgraph[] = [];

beforeAll(async () => {
  hub = await startTestHub({ auth: TEST_AUTH });
});

afterAll(async () => {
  for (const server of extra) await server.stop();
  await hub?.stop();
});

const federalUrl = () => hub.subgraphs.get('federal')?.server.graphqlUrl ?? '';
const federalBase = () => hub.subgraphs.get('federal')?.server.url ?? '';

const SDL = '{ _service { sdl } }';
const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on FederalMeasure { id title } } }`;
const REPS = { reps: [{ __typename: 'FederalMeasure', id: 'measure:bund:integrationskurs' }] };

/** A second server of the federal subgraph on the hub's database, trusting as told. */
async function federalServer(gatewayTrust: GatewayTrust): Promise<RunningSubgraph> {
  const db = hub.subgraphs.get('federal')?.prepared.database.dataSource;
  if (!db) throw new Error('federal not running');
  const server = await startSubgraphServer(federalSubgraph, db, { port: 0, logLevel: 'silent', gatewayTrust });
  extra.push(server);
  return server;
}

function expectRefused(result: {
  status: number;
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}) {
  expect(result.status).toBe(401);
  expect(result.data ?? null).toBeNull();
  expect(result.errors).toEqual([
    { message: "This subgraph answers only the hub's gateway", extensions: { code: 'UNAUTHENTICATED' } },
  ]);
}

describe('a subgraph called directly, not through the gateway', () => {
  it('refuses every GraphQL request without the gateway credential: queries, _service and _entities', async () => {
    expectRefused(await graphql(federalUrl(), '{ __typename }'));
    expectRefused(await graphql(federalUrl(), SDL));
    expectRefused(await graphql(federalUrl(), ENTITIES, REPS));
    const viaGet = await getGraphQL(federalUrl(), { query: SDL });
    expect(viaGet.status).toBe(401);
    expect(viaGet.text).not.toContain('type Query');
  });

  it('refuses a user token in place of the credential: even an admin must come through the gateway', async () => {
    expectRefused(await graphql(federalUrl(), SDL, undefined, await tokenFor({ roles: ['admin'] })));
  });

  it('refuses a credential made for another subgraph, an expired one, a foreign key’s and another issuer’s', async () => {
    const keys = hub.gatewayKeys;
    const now = Math.floor(Date.now() / 1000);
    const forLaender = await gatewayHeaders(hub, 'laender');
    const expired = await craftedCredential(keys.privateKey, {
      audience: 'federal',
      issuedAt: now - 180,
      expiresAt: now - 120,
    });
    const foreign = await craftedCredential(generateGatewayKeys().privateKey, { audience: 'federal' });
    const otherIssuer = await craftedCredential(keys.privateKey, { audience: 'federal', issuer: 'someone-else' });
    expectRefused(await graphql(federalUrl(), SDL, undefined, undefined, forLaender));
    for (const credential of [expired, foreign, otherIssuer, 'not-a-jwt']) {
      expectRefused(
        await graphql(federalUrl(), SDL, undefined, undefined, { [GATEWAY_CREDENTIAL_HEADER]: credential }),
      );
    }
  });

  it('answers with the gateway’s credential for its own name', async () => {
    const headers = await gatewayHeaders(hub, 'federal');
    const sdl = await graphql<{ _service: { sdl: string } }>(federalUrl(), SDL, undefined, undefined, headers);
    expect(sdl.status).toBe(200);
    expect(sdl.data?._service.sdl).toContain('type FederalMeasure');
    const entities = await graphql<{ _entities: { id: string }[] }>(federalUrl(), ENTITIES, REPS, undefined, headers);
    expect(entities.errors).toBeUndefined();
    expect(entities.data?._entities).toEqual([expect.objectContaining({ id: 'measure:bund:integrationskurs' })]);
  });

  it('keeps /health and /ready open for probes', async () => {
    expect((await fetch(`${federalBase()}/health`)).status).toBe(200);
    expect((await fetch(`${federalBase()}/ready`)).status).toBe(200);
  });

  it('with SUBGRAPH_ACCEPT_DIRECT_CALLS (local debugging) answers any caller', async () => {
    const open = await federalServer({ acceptDirectCalls: true });
    const result = await graphql<{ _service: { sdl: string } }>(open.graphqlUrl, SDL);
    expect(result.status).toBe(200);
    expect(result.data?._service.sdl).toContain('type FederalMeasure');
  });

  it('without any gateway key refuses everyone, the real gateway’s credential too', async () => {
    const closed = await federalServer({});
    expectRefused(await graphql(closed.graphqlUrl, SDL, undefined, undefined, await gatewayHeaders(hub, 'federal')));
  });

  it('can take the key from the gateway’s JWKS endpoint (a Land’s subgraph run elsewhere)', async () => {
    const jwks = await fetch(`${hub.gateway.url}${GATEWAY_JWKS_PATH}`);
    expect(jwks.status).toBe(200);
    const body = (await jwks.json()) as { keys: Record<string, unknown>[] };
    expect(body.keys).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' })]);
    expect(body.keys[0]).not.toHaveProperty('d');

    const remote = await federalServer({ jwksUrl: `${hub.gateway.url}${GATEWAY_JWKS_PATH}` });
    const ok = await graphql(remote.graphqlUrl, SDL, undefined, undefined, await gatewayHeaders(hub, 'federal'));
    expect(ok.status).toBe(200);
    const foreign = await craftedCredential(generateGatewayKeys().privateKey, { audience: 'federal' });
    expectRefused(
      await graphql(remote.graphqlUrl, SDL, undefined, undefined, { [GATEWAY_CREDENTIAL_HEADER]: foreign }),
    );
  });
});

describe('the gateway path', () => {
  it('still answers the headline query from every subgraph', async () => {
    const result = await graphql<{
      targetGroup: { federalOffers: unknown[]; researchOutputs: unknown[]; exchangeFormats: unknown[] };
      place: { name: string };
    }>(hub.gateway.graphqlUrl, HEADLINE_QUERY, { code: 'WOMEN_AND_GIRLS', ars: '09564' });
    expect(result.errors).toBeUndefined();
    expect(result.data?.targetGroup.federalOffers.length).toBeGreaterThan(0);
    expect(result.data?.targetGroup.researchOutputs.length).toBeGreaterThan(0);
    expect(result.data?.targetGroup.exchangeFormats.length).toBeGreaterThan(0);
    expect(result.data?.place.name).toBe('Nürnberg');
  });

  it('signs one credential per subgraph and reuses it until half its life is over', async () => {
    let now = Date.now();
    const signer = await createGatewayCredentialSigner(hub.gatewayKeys.privateKey, { now: () => now });
    const first = await signer.headers('federal');
    expect(await signer.headers('federal')).toBe(first);
    expect(await signer.headers('laender')).not.toEqual(first);
    now += 31_000;
    expect(await signer.headers('federal')).not.toEqual(first);
  });
});

describe('user tokens', () => {
  const secret = new TextEncoder().encode(TEST_AUTH.secret);
  const claims = { sub: 'test:admin', roles: ['admin'] };
  const sign = (alg: string, withExp = true) => {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg })
      .setIssuer('integration-hub')
      .setAudience('integration-hub')
      .setIssuedAt();
    return (withExp ? jwt.setExpirationTime('10m') : jwt).sign(secret);
  };
  const ask = (token: string) => graphql(hub.gateway.graphqlUrl, '{ __typename }', undefined, token);
  const code = (result: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    result.errors?.[0]?.extensions?.['code'];

  it('accepts a token signed with HS256 that carries exp', async () => {
    const result = await ask(await sign('HS256'));
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ __typename: 'Query' });
  });

  it('refuses a token without exp', async () => {
    const result = await ask(await sign('HS256', false));
    expect(result.status).toBe(401);
    expect(code(result)).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0]?.message).toBe('The token must carry an expiry (exp)');
  });

  it('refuses HS512 (not on the allow-list) and alg none, even with the right secret and claims', async () => {
    const none = new UnsecuredJWT(claims)
      .setIssuer('integration-hub')
      .setAudience('integration-hub')
      .setExpirationTime('10m')
      .encode();
    for (const token of [await sign('HS512'), await sign('HS384'), none]) {
      const result = await ask(token);
      expect(result.status).toBe(401);
      expect(code(result)).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a token signed with an asymmetric key the hub does not hold', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer('integration-hub')
      .setAudience('integration-hub')
      .setExpirationTime('10m')
      .sign(privateKey);
    const result = await ask(token);
    expect(result.status).toBe(401);
    expect(code(result)).toBe('UNAUTHENTICATED');
  });

  it('refuses a token valid for longer than the maximum lifetime', async () => {
    const result = await ask(await tokenFor({ roles: ['admin'] }, '30d'));
    expect(result.status).toBe(401);
    expect(code(result)).toBe('UNAUTHENTICATED');
  });

  it('knows the roles operator and internal', async () => {
    const verify = createTokenVerifier(TEST_AUTH);
    const viewer = await verify(`Bearer ${await tokenFor({ roles: ['operator', 'internal'] })}`);
    expect([...viewer.roles]).toEqual(['operator', 'internal']);
  });
});

describe('/stats', () => {
  const stats = (token?: string) =>
    fetch(`${hub.gateway.url}/stats`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('is 401 without a token or with one that does not verify', async () => {
    for (const response of [await stats(), await stats('not.a.token')]) {
      expect(response.status).toBe(401);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
      expect(body).not.toHaveProperty('memory');
    }
  });

  it('is 403 with a token that lacks the role operator, even an admin’s', async () => {
    const response = await stats(await tokenFor({ roles: ['admin'] }));
    expect(response.status).toBe(403);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe(
      'FORBIDDEN',
    );
  });

  it('answers an operator', async () => {
    const response = await stats(await tokenFor({ roles: ['operator'] }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ pid: expect.any(Number), memory: expect.any(Object) });
  });

  it('answers anyone with OPS_ENDPOINTS_PUBLIC=on', async () => {
    const app = Fastify();
    app.get('/stats', { preHandler: requireOperator(createTokenVerifier(TEST_AUTH), { public: true }) }, async () => ({
      ok: true,
    }));
    try {
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      expect((await fetch(`${url}/stats`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
