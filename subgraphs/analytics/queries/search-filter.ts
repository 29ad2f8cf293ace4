import type { SqlParams } from '../../shared/loading/paged-sql';

/**
 * What a search may be narrowed to, beyond the kind of item. Lists combine with AND; the values
 * inside one list with OR; a missing or empty list does not filter.
 */
export interface SearchFilter {
  targetGroups: readonly string[] | null;
  areas: readonly string[] | null;
  levels: readonly string[] | null;
  /** A place (2-digit Land or 5-digit Kreis ARS) whose reachable offers are searched. */
  ars: string | null;
}

export const NO_SEARCH_FILTER: SearchFilter = { targetGroups: null, areas: null, levels: null, ars: null };

/**
 * The SQL conditions of a filter over analytics.item `i`. A place reaches what `OfferFilter.ars`
 * reaches in the catalogue: a Kreis its own items, its Land's and the Bund's; a Land its own and
 * the Bund's. Items with no level (research outputs) belong to no place and drop out with `ars`.
 */
export function searchFilterConditions(p: SqlParams, filter: SearchFilter): string[] {
  const where: string[] = [];
  if (filter.targetGroups) where.push(`i.target_groups && ${p.add(filter.targetGroups)}::text[]`);
  if (filter.areas) where.push(`i.areas && ${p.add(filter.areas)}::text[]`);
  if (filter.levels) where.push(`i.level = ANY(${p.add(filter.levels)}::text[])`);
  if (filter.ars) {
    const ars = p.add(filter.ars);
    where.push(
      `(i.level = 'BUND' OR i.ars = ${ars}` +
        ` OR (length(${ars}) = 5 AND i.level = 'LAND' AND i.land = left(${ars}, 2)))`,
    );
  }
  return where;
}
