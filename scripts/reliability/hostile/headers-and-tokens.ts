/** Hostile headers: request ids to be echoed, forged or broken bearer tokens, oversized and numerous headers. */
import * as jose from 'jose';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../../../subgraphs/shared/platform/auth/token-verifier';
import { isStatus, noServerError, unauthenticated, type HostileContext, type HostileKind } from './kind';
import { gql, q } from './requests';

async function tokenWith(
  ctx: HostileContext,
  build: (jwt: jose.SignJWT) => jose.SignJWT,
  alg = 'HS256',
  secret?: string,
) {
  const jwt = build(
    new jose.SignJWT({ roles: ['admin'], sub: 'reliability:forged' })
      .setProtectedHeader({ alg })
      .setIssuer(DEFAULT_ISSUER)
      .setAudience(DEFAULT_AUDIENCE)
      .setIssuedAt(),
  );
  return jwt.sign(new TextEncoder().encode(secret ?? ctx.hub.secret));
}

/** A query only an admin may run, so that an accepted forged token shows as data. */
const ADMIN_READ = q('query AdminProbe { reviewsDue { owner { code } } }');

function withToken(token: (ctx: HostileContext) => Promise<string>) {
  return async (ctx: HostileContext) => gql(ADMIN_READ, { token: await token(ctx) })(ctx);
}

export const HEADER_KINDS: HostileKind[] = [
  {
    name: 'x-request-id of 10 kB',
    expected: 'answered, not echoed back',
    run: gql(q('{ __typename }'), { headers: { 'x-request-id': 'r'.repeat(10_000) } }),
    ok: (a) => a.status === 200 && String(a.headers['x-request-id'] ?? '').length <= 128,
  },
  {
    name: 'x-request-id with markup',
    expected: 'answered, not echoed back',
    run: gql(q('{ __typename }'), { headers: { 'x-request-id': '<script>alert(1)</script>' } }),
    ok: (a) => a.status === 200 && !String(a.headers['x-request-id'] ?? '').includes('<'),
  },
  {
    name: 'garbage bearer token',
    expected: '401',
    run: gql(ADMIN_READ, { token: 'not.a.token' }),
    ok: unauthenticated,
  },
  {
    name: 'token signed with another secret',
    expected: '401',
    run: withToken((ctx) =>
      tokenWith(ctx, (j) => j.setExpirationTime('1h'), 'HS256', 'another-secret-of-32-bytes-or-more!!'),
    ),
    ok: unauthenticated,
  },
  {
    name: 'expired token',
    expected: '401',
    run: withToken((ctx) => tokenWith(ctx, (j) => j.setExpirationTime(Math.floor(Date.now() / 1000) - 3600))),
    ok: unauthenticated,
  },
  {
    name: 'token without exp',
    expected: '401',
    run: withToken((ctx) => tokenWith(ctx, (j) => j)),
    ok: unauthenticated,
  },
  {
    name: 'token with alg none',
    expected: '401',
    run: withToken(async () =>
      new jose.UnsecuredJWT({ roles: ['admin'], sub: 'reliability:none' })
        .setIssuer(DEFAULT_ISSUER)
        .setAudience(DEFAULT_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('1h')
        .encode(),
    ),
    ok: unauthenticated,
  },
  {
    name: 'token with alg HS512 (the right secret)',
    expected: '401 (not on the allow-list)',
    run: withToken((ctx) => tokenWith(ctx, (j) => j.setExpirationTime('1h'), 'HS512')),
    ok: unauthenticated,
  },
  {
    name: 'empty bearer token',
    expected: 'no server error',
    run: gql(q('{ __typename }'), { headers: { authorization: 'Bearer ' } }),
    ok: noServerError,
  },
  {
    name: 'one header of 64 kB',
    expected: '431',
    run: gql(q('{ __typename }'), { headers: { 'x-padding': 'p'.repeat(64 * 1024) } }),
    ok: (a) => isStatus(431, 400)(a) || a.error !== undefined,
  },
  {
    name: '500 headers',
    expected: 'no server error',
    run: gql(q('{ __typename }'), {
      headers: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`x-h${i}`, 'v'])),
    }),
    ok: (a) => a.status !== null && a.status < 500,
  },
];
