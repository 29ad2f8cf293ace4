import {
  getNamedType,
  getNullableType,
  isLeafType,
  isListType,
  isObjectType,
  type GraphQLCompositeType,
  type GraphQLField,
} from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';

export interface ListCostOptions {
  /** Items a paged field (one with `first` or `limit`) returns at most: the hub's page-size cap. */
  maxPageSize: number;
  /** Items assumed for a list that takes no size argument (target groups, Länder, Ressorts …). */
  defaultListSize: number;
}

/**
 * What a schema introspection costs, whatever it selects: its answer grows with the schema, not
 * with the caller's lists, so a fixed price lets GraphiQL's full introspection (every option on)
 * through and still refuses the same introspection aliased a hundred times.
 */
export const INTROSPECTION_COST: Readonly<Record<string, number>> = { __schema: 10_000, __type: 500 };

/** The size arguments of the hub's paged fields; `first` everywhere today, `limit` for good measure. */
const SIZE_ARGUMENTS = ['first', 'limit'] as const;

function sizeArgument(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number | undefined {
  for (const name of SIZE_ARGUMENTS) {
    if (!field.args.some((a) => a.name === name)) continue;
    // graphql-query-complexity hands in the coerced arguments, schema defaults (first: Int = 50) included.
    const value = args[name];
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  }
  return undefined;
}

function isPage(type: GraphQLCompositeType): boolean {
  return isObjectType(type) && 'totalCount' in type.getFields();
}

/**
 * A field's cost is 1 plus its selection's cost times how many times that selection is resolved:
 * the page size for a paged field (its `first`, or the page cap when it is missing or out of
 * range — the subgraph refuses such a page anyway), a default size for an unpaged list of objects,
 * once otherwise. A page object (`federalMeasures(first: 200) { items { … } }`) multiplies its
 * items through the `first` of the field that returns it. So nesting multiplies, as the work does:
 * `targetGroups { federalOffers { targetGroups { … } } }` costs 20 × 50 × 20 × … .
 */
export function listCostEstimator(options: ListCostOptions): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    const introspection = INTROSPECTION_COST[field.name];
    if (introspection !== undefined) return introspection;
    if (isLeafType(getNamedType(field.type))) return 1;
    const size = sizeArgument(field, args);
    if (size !== undefined || field.args.some((a) => (SIZE_ARGUMENTS as readonly string[]).includes(a.name))) {
      const items = size !== undefined && size >= 1 && size <= options.maxPageSize ? size : options.maxPageSize;
      return 1 + items * childComplexity;
    }
    // The items of a page (a type with totalCount) were multiplied by the field that returned it.
    if (isListType(getNullableType(field.type)) && !isPage(type)) {
      return 1 + options.defaultListSize * childComplexity;
    }
    return 1 + childComplexity;
  };
}
