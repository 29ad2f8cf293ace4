import { normaliseArs } from './ars';
import type { Area, Level, OfferStatus, TargetGroupCode } from './vocabulary';

/** The GraphQL `OfferFilter` input as resolvers receive it. */
export interface OfferFilterInput {
  areas?: Area[] | null;
  levels?: Level[] | null;
  targetGroups?: TargetGroupCode[] | null;
  status?: OfferStatus[] | null;
  ars?: string | null;
  includeArchived?: boolean | null;
}

/** The same filter with empty lists dropped and the ARS in canonical form. */
export interface OfferFilter {
  areas?: Area[];
  levels?: Level[];
  targetGroups?: TargetGroupCode[];
  status?: OfferStatus[];
  ars?: string;
  includeArchived?: boolean;
}

export function normaliseOfferFilter(input: OfferFilterInput | null | undefined): OfferFilter {
  const filter: OfferFilter = {};
  if (!input) return filter;
  if (input.areas?.length) filter.areas = [...input.areas];
  if (input.levels?.length) filter.levels = [...input.levels];
  if (input.targetGroups?.length) filter.targetGroups = [...input.targetGroups];
  if (input.status?.length) filter.status = [...input.status];
  if (input.ars != null) filter.ars = normaliseArs(input.ars, 'filter.ars');
  if (input.includeArchived) filter.includeArchived = true;
  return filter;
}
