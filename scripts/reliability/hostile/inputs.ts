/** Batches, floods of variables, deeply nested or huge inputs, and broken encodings. */
import { nestedJson, nestedListLiteral } from '../abusive-queries';
import { is4xx, noServerError, refused, type HostileKind } from './kind';
import { gql, q, raw } from './requests';

export const INPUT_KINDS: HostileKind[] = [
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
];
