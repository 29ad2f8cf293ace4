import { badUserInput } from '../shared/platform/errors';
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
  includeArchived?: boolean | null;
}

/** The same filter with empty lists and nulls dropped, so it also serves as a stable loader key. */
export interface ResearchOutputFilter {
  areas?: Area[];
  targetGroups?: TargetGroupCode[];
  institutes?: string[];
  types?: ResearchOutputType[];
  fromYear?: number;
  toYear?: number;
  /** Archived outputs are left out of every list unless this is true. */
  includeArchived?: boolean;
}

export function normaliseOutputFilter(input: ResearchOutputFilterInput | null | undefined): ResearchOutputFilter {
  const filter: ResearchOutputFilter = {};
  if (!input) return filter;
  if (input.areas?.length) filter.areas = [...input.areas];
  if (input.targetGroups?.length) filter.targetGroups = [...input.targetGroups];
  if (input.institutes?.length) filter.institutes = [...input.institutes];
  if (input.types?.length) filter.types = [...input.types];
  if (input.fromYear != null) filter.fromYear = input.fromYear;
  if (input.toYear != null) filter.toYear = input.toYear;
  if (input.includeArchived) filter.includeArchived = true;
  // An empty range is almost certainly swapped bounds; an empty list would hide that mistake.
  if (filter.fromYear !== undefined && filter.toYear !== undefined && filter.fromYear > filter.toYear) {
    throw badUserInput('filter.toYear', `toYear (${filter.toYear}) is before fromYear (${filter.fromYear})`);
  }
  return filter;
}
