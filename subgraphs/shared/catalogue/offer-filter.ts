import { normaliseArs } from './ars';
import type { Area, Level, OfferStatus, TargetGroupCode } from './vocabulary';

/**
 * A catalogue filter as repositories take it: the GraphQL input with nulls and empty lists
 * dropped (an empty list does not filter), so equal filters also make equal loader keys.
 */
export type NormalisedFilter<I> = { [K in keyof I]?: NonNullable<I[K]> };

/** The keys of `I` whose values are lists. */
type ListKeys<I> = { [K in keyof I]-?: NonNullable<I[K]> extends readonly unknown[] ? K : never }[keyof I];

/** The named lists of a filter input that hold at least one value, copied. */
export function nonEmptyLists<I extends object, K extends ListKeys<I>>(
  input: I | null | undefined,
  lists: readonly K[],
): NormalisedFilter<Pick<I, K>> {
  const kept: NormalisedFilter<Pick<I, K>> = {};
  for (const key of lists) {
    const values = input?.[key] as readonly unknown[] | null | undefined;
    if (values?.length) kept[key] = [...values] as NonNullable<I[K]>;
  }
  return kept;
}

/** The GraphQL `OfferFilter` input as resolvers receive it. */
export interface OfferFilterInput {
  areas?: Area[] | null;
  levels?: Level[] | null;
  targetGroups?: TargetGroupCode[] | null;
  status?: OfferStatus[] | null;
  ars?: string | null;
  includeArchived?: boolean | null;
}

/** The normalised offer filter; its ARS is in canonical form. */
export type OfferFilter = NormalisedFilter<OfferFilterInput>;

export function normaliseOfferFilter(input: OfferFilterInput | null | undefined): OfferFilter {
  const filter: OfferFilter = nonEmptyLists(input, ['areas', 'levels', 'targetGroups', 'status']);
  if (input?.ars != null) filter.ars = normaliseArs(input.ars, 'filter.ars');
  if (input?.includeArchived) filter.includeArchived = true;
  return filter;
}
