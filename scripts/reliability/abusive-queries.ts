/**
 * The abusive GraphQL operations of issue 10, as text: used by the hostile catalogue and by the
 * limits-budget phase (time to refusal while the headline query runs).
 */

/** `targetGroups { federalOffers { targetGroups { … } } }` nested `levels` times. */
export function deepTargetGroups(levels: number): string {
  // Innermost the offer's own fields only: `code` is a target group's, not an offer's.
  let inner = '';
  for (let i = 0; i < levels; i++) inner = `targetGroups { code federalOffers { id title ${inner} } }`;
  return `query DeepTargetGroups { ${inner} }`;
}

/** `place { kreise { land { kreise … } } }`: grows by ~100× per level. */
export function placeKreiseLand(levels: number): string {
  let inner = 'name';
  for (let i = 0; i < levels; i++) inner = `kreise { ars name land { name ${inner} } }`;
  return `query PlaceKreise { place(ars: "05") { name ${inner} } }`;
}

export function manyAliases(count: number, field = 'targetGroups { code label }'): string {
  return `query Aliases { ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
}

export function manyDirectives(count: number): string {
  return `query Directives { __typename ${'@include(if: true) '.repeat(count)} }`;
}

/** A long stream of tokens: `count` repeats of one field (merged by GraphQL, but each token is parsed). */
export function longTokenStream(count: number): string {
  return `query Tokens { ${'__typename '.repeat(count)} }`;
}

export const FRAGMENT_CYCLE = 'query Cycle { ...A } fragment A on Query { ...B } fragment B on Query { ...A }';

export function introspectionFlood(count: number): string {
  const one = '__schema { types { name fields { name type { name ofType { name ofType { name } } } } } }';
  return `query Flood { ${Array.from({ length: count }, (_, i) => `i${i}: ${one}`).join(' ')} }`;
}

export const FULL_INTROSPECTION = /* GraphQL */ `
  query Introspection {
    __schema {
      queryType {
        name
      }
      types {
        kind
        name
        fields(includeDeprecated: true) {
          name
          args {
            name
            type {
              name
              kind
              ofType {
                name
                kind
              }
            }
          }
          type {
            name
            kind
            ofType {
              name
              kind
              ofType {
                name
                kind
              }
            }
          }
        }
      }
      directives {
        name
        locations
        args {
          name
        }
      }
    }
  }
`;

/** A list literal nested `levels` deep, in an argument. */
export function nestedListLiteral(levels: number): string {
  return `query Nested { targetGroups(category: ${'['.repeat(levels)}INTEGRATION${']'.repeat(levels)}) { code } }`;
}

/** A JSON object nested `levels` deep (as a variable value). */
export function nestedJson(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

/** The abuse timed in the limits-budget phase: each must be refused quickly. */
export const BUDGET_ABUSE: { name: string; query: string }[] = [
  { name: 'targetGroups nesting, 3 levels', query: deepTargetGroups(3) },
  { name: '3 000 aliases', query: manyAliases(3000) },
  { name: 'place/kreise/land nesting, 3 levels', query: placeKreiseLand(3) },
  { name: '3 000 directives', query: manyDirectives(3000) },
  { name: '50 000 tokens', query: longTokenStream(50_000) },
  { name: 'introspection ×100', query: introspectionFlood(100) },
];
