/**
 * The hostile requests: each kind says what it sends and what a hub fit for the public answers.
 * An answer other than the expected one is reported as such; a 5xx, an INTERNAL_SERVER_ERROR, a
 * leak or a hang is a finding whatever was expected.
 */
import * as jose from 'jose';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../../subgraphs/shared/platform/auth/token-verifier';
import {
  deepTargetGroups,
  FRAGMENT_CYCLE,
  FULL_INTROSPECTION,
  introspectionFlood,
  longTokenStream,
  manyAliases,
  manyDirectives,
  nestedJson,
  nestedListLiteral,
  placeKreiseLand,
} from './abusive-queries';
import { errorCodes, parseGraphql, send, type Answer } from './http';
import type { Hub } from './hub-process';
import { idleConnections, slowAnswer, trickle } from './raw-socket';

export interface HostileContext {
  hub: Hub;
  deadlineMs: number;
  /** Bounds of the connection attacks: slow headers (and holding idle connections), slow body. */
  slowMaxMs: number;
  slowBodyMaxMs: number;
  idleCount: number;
}

export interface HostileKind {
  name: string;
  /** Connection attacks that take the whole bound: run alongside one another, after the others. */
  slow?: true;
  /**
   * What a hub fit for the public answers, in words (shown in the report); `{slowMaxMs}` and
   * `{slowBodyMaxMs}` stand for this run's bounds.
   */
  expected: string;
  run(ctx: HostileContext): Promise<Answer & { note?: string }>;
  /** Whether the answer is the expected one. */
  ok(answer: Answer & { note?: string }): boolean;
}

const is4xx = (a: Answer) => a.status !== null && a.status >= 400 && a.status < 500;
const isStatus =
  (...statuses: number[]) =>
  (a: Answer) =>
    a.status !== null && statuses.includes(a.status);
/** No 5xx and no INTERNAL_SERVER_ERROR: a client mistake may also be a 200 with a GraphQL error. */
const noServerError = (a: Answer) =>
  a.status !== null && a.status < 500 && !errorCodes(parseGraphql(a)).includes('INTERNAL_SERVER_ERROR');
/** Refused: 4xx, or 200 with errors and no data (never the data). */
const refused = (a: Answer) => {
  if (is4xx(a)) return true;
  const body = parseGraphql(a);
  return a.status === 200 && (body?.data === null || body?.data === undefined) && (body?.errors?.length ?? 0) > 0;
};
const unauthenticated = (a: Answer) =>
  isStatus(401, 403)(a) || errorCodes(parseGraphql(a)).some((c) => c === 'UNAUTHENTICATED' || c === 'FORBIDDEN');

function gql(payload: unknown, extra: { headers?: Record<string, string>; token?: string; path?: string } = {}) {
  return (ctx: HostileContext) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...extra.headers };
    if (extra.token) headers['authorization'] = `Bearer ${extra.token}`;
    return send(`${ctx.hub.origin}${extra.path ?? '/graphql'}`, {
      headers,
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
      deadlineMs: ctx.deadlineMs,
    });
  };
}

function raw(body: string | Buffer, headers: Record<string, string>, method: 'POST' | 'GET' | 'PUT' = 'POST') {
  return (ctx: HostileContext) =>
    send(`${ctx.hub.origin}/graphql`, {
      method,
      headers,
      ...(method === 'GET' ? {} : { body }),
      deadlineMs: ctx.deadlineMs,
    });
}

function get(path: string, headers: Record<string, string> = {}) {
  return (ctx: HostileContext) =>
    send(`${ctx.hub.origin}${path}`, { method: 'GET', headers, deadlineMs: ctx.deadlineMs });
}

const q = (query: string, variables?: Record<string, unknown>, operationName?: string) => ({
  query,
  ...(variables ? { variables } : {}),
  ...(operationName !== undefined ? { operationName } : {}),
});

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

function subgraphDirect(name: string, query: string, variables?: Record<string, unknown>): HostileKind {
  return {
    name: `direct call to subgraph ${name}: ${query.slice(0, 40)}`,
    expected: '401/403 without the gateway credential',
    run: (ctx) =>
      send(`http://127.0.0.1:${ctx.hub.subgraphPorts[name]}/graphql`, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(q(query, variables)),
        deadlineMs: ctx.deadlineMs,
      }),
    ok: (a) => unauthenticated(a) || (is4xx(a) && !a.body.includes('"_service"')),
  };
}

const NOT_LEAKING_FILES = (a: Answer) =>
  a.status !== 200 ||
  !(a.body.includes('"integration-federation-hub"') || a.body.includes('root:x:0:0') || a.body.includes('PG_VERSION'));

export const HOSTILE_KINDS: HostileKind[] = [
  {
    name: 'targetGroups/federalOffers nesting, 3 levels',
    expected: 'refused (4xx)',
    run: gql(q(deepTargetGroups(3))),
    ok: refused,
  },
  {
    name: 'targetGroups/federalOffers nesting, 8 levels',
    expected: 'refused (4xx)',
    run: gql(q(deepTargetGroups(8))),
    ok: refused,
  },
  { name: '3 000 aliases of targetGroups', expected: 'refused (4xx)', run: gql(q(manyAliases(3000))), ok: refused },
  {
    name: '3 000 __typename aliases',
    expected: 'refused (4xx)',
    run: gql(q(manyAliases(3000, '__typename'))),
    ok: refused,
  },
  {
    name: 'place/kreise/land nesting, 4 levels',
    expected: 'refused (4xx)',
    run: gql(q(placeKreiseLand(4))),
    ok: refused,
  },
  { name: '5 000 directives on one field', expected: 'refused (4xx)', run: gql(q(manyDirectives(5000))), ok: refused },
  { name: '100 000 tokens', expected: 'refused (4xx)', run: gql(q(longTokenStream(100_000))), ok: refused },
  { name: 'fragment cycle', expected: 'refused (4xx)', run: gql(q(FRAGMENT_CYCLE)), ok: refused },
  {
    name: 'introspection ×200 (aliased __schema)',
    expected: 'refused (4xx)',
    run: gql(q(introspectionFlood(200))),
    ok: refused,
  },
  {
    name: 'one full introspection query',
    expected: 'no server error',
    run: gql(q(FULL_INTROSPECTION)),
    ok: noServerError,
  },
  {
    name: 'body of 20 MiB',
    expected: '413, or the connection closed while the body is sent',
    run: gql(`{"query":"{ __typename }","variables":{"x":"${'x'.repeat(20 * 1024 * 1024)}"}}`),
    // A server that refuses early answers 413 and closes; the client, still sending, may see only the close.
    ok: (a) => isStatus(413)(a) || /EPIPE|ECONNRESET|UND_ERR_SOCKET/.test(a.error ?? ''),
  },
  {
    name: 'body of 2 MiB (whitespace in the query)',
    expected: 'refused (4xx)',
    run: gql(q(`{ __typename ${' '.repeat(2 * 1024 * 1024)}}`)),
    ok: is4xx,
  },
  {
    name: 'unknown operationName',
    expected: '4xx',
    run: gql(q('query A { __typename }', undefined, 'Nope')),
    ok: is4xx,
  },
  { name: 'two unnamed operations', expected: '4xx', run: gql(q('{ __typename } { __typename }')), ok: is4xx },
  { name: 'subscription', expected: '4xx', run: gql(q('subscription S { __typename }')), ok: is4xx },
  {
    name: 'NUL byte in a string argument',
    expected: 'no server error',
    run: gql(q('{ place(ars: "05\\u0000114") { name } }')),
    ok: noServerError,
  },
  {
    name: 'NUL byte in a variable',
    expected: 'no server error',
    run: gql(q('query P($ars: ID!) { place(ars: $ars) { name } }', { ars: '05\u0000114' })),
    ok: noServerError,
  },
  {
    name: 'NUL byte in a search text',
    expected: 'no server error',
    run: gql(q('query S($t: String!) { search(text: $t) { totalCount } }', { t: 'Sprach\u0000kurs' })),
    ok: noServerError,
  },
  {
    name: 'NUL byte in a mutation input (anonymous)',
    expected: '4xx or UNAUTHENTICATED',
    run: gql(
      q('mutation M($t: String!) { createFederalMeasure(input: { title: $t }) { measure { id } } }', { t: 'a\u0000b' }),
    ),
    ok: (a) => unauthenticated(a) || (noServerError(a) && refused(a)),
  },
  {
    name: 'invalid JSON',
    expected: '400',
    run: raw('{"query": "{ __typename }', { 'content-type': 'application/json' }),
    ok: isStatus(400),
  },
  {
    name: 'JSON that is not an object (a number)',
    expected: '400',
    run: raw('5', { 'content-type': 'application/json' }),
    ok: is4xx,
  },
  { name: 'query is a number', expected: '400', run: gql({ query: 5 }), ok: is4xx },
  { name: 'no query at all', expected: '400', run: gql({ variables: {} }), ok: is4xx },
  {
    name: 'wrong content-type (text/plain)',
    expected: '4xx',
    run: raw(JSON.stringify(q('{ __typename }')), { 'content-type': 'text/plain' }),
    ok: is4xx,
  },
  {
    name: 'content-type application/x-www-form-urlencoded',
    expected: '4xx',
    run: raw('query=%7B__typename%7D', { 'content-type': 'application/x-www-form-urlencoded' }),
    ok: is4xx,
  },
  {
    name: 'mutation over GET',
    expected: '4xx',
    run: get(
      `/graphql?query=${encodeURIComponent('mutation { archiveFederalMeasure(id: "x", version: 1, reason: "x") { measure { id } } }')}`,
    ),
    ok: is4xx,
  },
  {
    name: 'GET with a 100 kB query string',
    expected: '4xx',
    run: get(`/graphql?query=${'%20'.repeat(34_000)}{__typename}`),
    ok: is4xx,
  },
  { name: 'PUT /graphql', expected: '4xx', run: raw('{}', { 'content-type': 'application/json' }, 'PUT'), ok: is4xx },
  {
    name: 'batch of 2 operations',
    expected: '4xx (no batching)',
    run: gql([q('{ __typename }'), q('{ __typename }')]),
    ok: is4xx,
  },
  {
    name: 'batch of 1 000 operations',
    expected: '4xx',
    run: gql(Array.from({ length: 1000 }, () => q('{ targetGroups { code } }'))),
    ok: is4xx,
  },
  {
    name: '100 000 variables',
    expected: 'no server error',
    run: gql(q('{ __typename }', Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`v${i}`, i])))),
    ok: noServerError,
  },
  {
    name: '1 000 variable definitions',
    expected: 'refused (4xx)',
    run: gql(q(`query V(${Array.from({ length: 1000 }, (_, i) => `$v${i}: Int`).join(', ')}) { __typename }`)),
    ok: refused,
  },
  {
    name: 'variable nested 5 000 objects deep',
    expected: 'no server error',
    run: gql(
      `{"query":"query N($f: OfferFilter) { federalMeasures(filter: $f) { totalCount } }","variables":{"f":${nestedJson(5000)}}}`,
    ),
    ok: noServerError,
  },
  {
    name: 'list literal nested 5 000 deep',
    expected: 'refused (4xx)',
    run: gql(q(nestedListLiteral(5000))),
    ok: refused,
  },
  {
    name: 'string argument of 1 MiB',
    expected: 'no server error',
    run: gql(q('query S($t: String!) { search(text: $t) { totalCount } }', { t: 'ä'.repeat(512 * 1024) })),
    ok: noServerError,
  },
  {
    name: 'overlong UTF-8 and invalid bytes in the body',
    expected: 'no server error',
    run: raw(
      Buffer.concat([
        Buffer.from('{"query":"{ place(ars: \\"'),
        Buffer.from([0xc0, 0xaf, 0xff, 0xfe, 0xed, 0xa0, 0x80]),
        Buffer.from('\\") { name } }"}'),
      ]),
      { 'content-type': 'application/json' },
    ),
    ok: noServerError,
  },
  {
    name: 'unicode: lone surrogate escape and emoji',
    expected: 'no server error',
    run: gql('{"query":"{ place(ars: \\"\\\\uD800😀\\") { name } }"}'),
    ok: noServerError,
  },
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
  { name: 'GET /stats without operator credential', expected: '401/403', run: get('/stats'), ok: isStatus(401, 403) },
  {
    name: 'GET /metrics without operator credential',
    expected: '401/403',
    run: get('/metrics'),
    ok: isStatus(401, 403),
  },
  {
    name: 'GET /stats with an editor token',
    expected: '401/403',
    run: async (ctx) =>
      get('/stats', { authorization: `Bearer ${await ctx.hub.token(['editor'], { ressort: 'BMAS' })}` })(ctx),
    ok: isStatus(401, 403),
  },
  {
    name: 'path traversal /assets/../../package.json',
    expected: 'no file outside web/dist',
    run: get('/assets/../../package.json'),
    ok: NOT_LEAKING_FILES,
  },
  {
    name: 'path traversal /assets/%2e%2e/%2e%2e/%2e%2e/package.json',
    expected: 'no file outside web/dist',
    run: get('/assets/%2e%2e/%2e%2e/%2e%2e/package.json'),
    ok: NOT_LEAKING_FILES,
  },
  {
    name: 'path traversal /assets/..%2f..%2f..%2fetc%2fpasswd',
    expected: 'no file outside web/dist',
    run: get('/assets/..%2f..%2f..%2fetc%2fpasswd'),
    ok: NOT_LEAKING_FILES,
  },
  {
    name: 'path traversal /explorer/../../../etc/passwd',
    expected: 'no file outside web/dist',
    run: get('/explorer/..%2f..%2f..%2fetc/passwd'),
    ok: NOT_LEAKING_FILES,
  },
  { name: 'NUL in a static path /assets/x%00.js', expected: '4xx', run: get('/assets/x%00.js'), ok: is4xx },
  subgraphDirect('federal', '{ _service { sdl } }'),
  subgraphDirect('laender', '{ _service { sdl } }'),
  subgraphDirect('research', '{ _service { sdl } }'),
  subgraphDirect('exchange', '{ _service { sdl } }'),
  subgraphDirect('analytics', '{ _service { sdl } }'),
  subgraphDirect(
    'federal',
    'query E($r: [_Any!]!) { _entities(representations: $r) { ... on TargetGroup { code } } }',
    {
      r: [{ __typename: 'TargetGroup', code: 'CHILDREN_AND_YOUTH' }],
    },
  ),
  subgraphDirect('laender', 'query E($r: [_Any!]!) { _entities(representations: $r) { ... on Place { name } } }', {
    r: [{ __typename: 'Place', ars: '05114' }],
  }),
  {
    name: 'slowloris: headers a byte every 100 ms',
    slow: true,
    expected: 'connection closed by the server within {slowMaxMs}',
    run: async (ctx) => {
      const started = performance.now();
      const head = `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'s'.repeat(4000)}\r\n\r\n`;
      const r = await trickle(ctx.hub.gatewayPort, '', head, 100, ctx.slowMaxMs);
      return slowAnswer(r, ctx.slowMaxMs, performance.now() - started);
    },
    ok: (a) => !(a.note ?? '').startsWith('still open'),
  },
  {
    name: 'slow body: 10 000 bytes declared, a byte every 100 ms',
    slow: true,
    expected: 'connection closed by the server within {slowBodyMaxMs}',
    run: async (ctx) => {
      const started = performance.now();
      const head =
        'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n';
      const r = await trickle(ctx.hub.gatewayPort, head, ' '.repeat(10_000), 100, ctx.slowBodyMaxMs);
      return slowAnswer(r, ctx.slowBodyMaxMs, performance.now() - started);
    },
    ok: (a) => !(a.note ?? '').startsWith('still open'),
  },
  {
    name: 'idle connections held open while the headline query runs',
    slow: true,
    expected: 'the headline query still answered',
    run: async (ctx) => {
      const started = performance.now();
      const { idle, during } = await idleConnections(ctx.hub.gatewayPort, ctx.idleCount, ctx.slowMaxMs, () =>
        send(ctx.hub.graphqlUrl, {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(q('{ targetGroups { code } }')),
          deadlineMs: ctx.deadlineMs,
        }),
      );
      return {
        ...during,
        ms: performance.now() - started,
        note:
          `${idle.opened} of ${idle.attempted} opened, ${idle.refused} refused, ${idle.closedByServer} closed by the server ` +
          `within ${(ctx.slowMaxMs / 1000).toFixed(0)} s; a query meanwhile: HTTP ${during.status ?? during.error} in ${during.ms.toFixed(0)} ms`,
      };
    },
    ok: (a) => a.status === 200,
  },
];
