import { badUserInput } from '../shared/platform/errors';
import { nonEmptyLists, type NormalisedFilter } from '../shared/catalogue/offer-filter';
import type { Area, TargetGroupCode } from '../shared/catalogue/vocabulary';
import type { ResearchOutputType } from './seed-types';

/** The GraphQL `ResearchOutputFilter` input as resolvers receive it. */
export interface ResearchOutputFilterInput {
  areas?: Area[] | null;
  targetGroups?: TargetGroupCode[] | null;
  institutes?: string[] | null;
  types?: ResearchOutputType[] | null;
  fromYear?: number | null;
  toYear?: number | null;
  /** Archived outputs are left out of every list unless this is true. */
  includeArchived?: boolean | null;
}

export type ResearchOutputFilter = NormalisedFilter<ResearchOutputFilterInput>;

export function normaliseOutputFilter(input: ResearchOutputFilterInput | null | undefined): ResearchOutputFilter {
  const filter: ResearchOutputFilter = nonEmptyLists(input, ['areas', 'targetGroups', 'institutes', 'types']);
  if (input?.fromYear != null) filter.fromYear = input.fromYear;
  if (input?.toYear != null) filter.toYear = input.toYear;
  if (input?.includeArchived) filter.includeArchived = true;
  // An empty range is almost certainly swapped bounds; an empty list would hide that mistake.
  if (filter.fromYear !== undefined && filter.toYear !== undefined && filter.fromYear > filter.toYear) {
    throw badUserInput('filter.toYear', `toYear (${filter.toYear}) is before fromYear (${filter.fromYear})`);
  }
  return filter;
}
