/** Requests malformed as HTTP or GraphQL: oversized bodies, bad operations, NUL bytes, broken JSON, wrong methods. */
import { is4xx, isStatus, noServerError, refused, unauthenticated, type HostileKind } from './kind';
import { get, gql, q, raw } from './requests';

export const MALFORMED_REQUEST_KINDS: HostileKind[] = [
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
];
