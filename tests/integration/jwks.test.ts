import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { createTokenVerifier } from '../../subgraphs/shared/platform/auth/token-verifier';

/** Tokens from an identity provider: asymmetric keys fetched from its JWKS endpoint. */
let server: Server;
let jwksUrl: string;
let privateKey: KeyLike;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'hub-test-key', alg: 'RS256', use: 'sig' };
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function sign(
  key: KeyLike,
  claims: Record<string, unknown>,
  { kid = 'hub-test-key', alg = 'RS256', expires = '5m' }: { kid?: string; alg?: string; expires?: string | null } = {},
) {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg, kid })
    .setIssuer('integration-hub')
    .setAudience('integration-hub');
  return (expires === null ? jwt : jwt.setExpirationTime(expires)).sign(key);
}

describe('tokens verified against a JWKS endpoint (JWKS_URL)', () => {
  it('accept a token signed with the provider’s key and read its claims', async () => {
    const verify = createTokenVerifier({ jwksUrl });
    const token = await sign(privateKey, { sub: 'idp:erika', roles: ['editor'], ars: '09564', name: 'Erika' });
    const viewer = await verify(`Bearer ${token}`);
    expect(viewer).toMatchObject({ authenticated: true, subject: 'idp:erika', ars: '09564', name: 'Erika' });
    expect([...viewer.roles]).toEqual(['editor']);
  });

  it('refuse a token signed with any other key', async () => {
    const verify = createTokenVerifier({ jwksUrl });
    const other = await generateKeyPair('RS256');
    const token = await sign(other.privateKey, { sub: 'mallory', roles: ['admin'] });
    await expect(verify(`Bearer ${token}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuse a token without exp, even from the provider’s key', async () => {
    const verify = createTokenVerifier({ jwksUrl });
    const token = await sign(privateKey, { sub: 'idp:erika', roles: ['editor'] }, { expires: null });
    await expect(verify(`Bearer ${token}`)).rejects.toThrow('The token must carry an expiry (exp)');
  });

  it('refuse an algorithm off the allow-list (PS256 with the same RSA key) unless JWT_ALGORITHMS names it', async () => {
    const token = await sign(privateKey, { sub: 'idp:erika', roles: ['editor'] }, { alg: 'PS256' });
    await expect(createTokenVerifier({ jwksUrl })(`Bearer ${token}`)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    // The JWK says alg RS256, so even an allow-list that names PS256 gets no key for it.
    await expect(createTokenVerifier({ jwksUrl, algorithms: ['PS256'] })(`Bearer ${token}`)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const rs256 = await sign(privateKey, { sub: 'idp:erika', roles: ['editor'] });
    await expect(createTokenVerifier({ jwksUrl, algorithms: ['ES256'] })(`Bearer ${rs256}`)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('will not take HMAC or none from a JWKS, nor asymmetric algorithms with a secret', () => {
    expect(() => createTokenVerifier({ jwksUrl, algorithms: ['HS256'] })).toThrow(/JWT_ALGORITHMS: HS256/);
    expect(() => createTokenVerifier({ jwksUrl, algorithms: ['none'] })).toThrow(/JWT_ALGORITHMS: none/);
    expect(() => createTokenVerifier({ secret: 'x'.repeat(32), algorithms: ['RS256'] })).toThrow(
      /JWT_ALGORITHMS: RS256/,
    );
  });

  it('refuse claims of the wrong shape', async () => {
    const verify = createTokenVerifier({ jwksUrl });
    const token = await sign(privateKey, { sub: 'idp:x', roles: ['superuser'] });
    await expect(verify(`Bearer ${token}`)).rejects.toThrow(/roles/);
  });
});
