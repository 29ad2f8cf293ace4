/** Queries shaped to cost the hub much: deep nesting, many aliases or directives, long token streams, introspection. */
import {
  deepTargetGroups,
  FRAGMENT_CYCLE,
  FULL_INTROSPECTION,
  introspectionFlood,
  longTokenStream,
  manyAliases,
  manyDirectives,
  placeKreiseLand,
} from '../abusive-queries';
import { noServerError, refused, type HostileKind } from './kind';
import { gql, q } from './requests';

/** A query the hub must refuse before it runs it. */
function refusedQuery(name: string, query: string): HostileKind {
  return { name, expected: 'refused (4xx)', run: gql(q(query)), ok: refused };
}

export const QUERY_SHAPE_KINDS: HostileKind[] = [
  refusedQuery('targetGroups/federalOffers nesting, 3 levels', deepTargetGroups(3)),
  refusedQuery('targetGroups/federalOffers nesting, 8 levels', deepTargetGroups(8)),
  refusedQuery('3 000 aliases of targetGroups', manyAliases(3000)),
  refusedQuery('3 000 __typename aliases', manyAliases(3000, '__typename')),
  refusedQuery('place/kreise/land nesting, 4 levels', placeKreiseLand(4)),
  refusedQuery('5 000 directives on one field', manyDirectives(5000)),
  refusedQuery('100 000 tokens', longTokenStream(100_000)),
  refusedQuery('fragment cycle', FRAGMENT_CYCLE),
  refusedQuery('introspection ×200 (aliased __schema)', introspectionFlood(200)),
  {
    name: 'one full introspection query',
    expected: 'no server error',
    run: gql(q(FULL_INTROSPECTION)),
    ok: noServerError,
  },
];
