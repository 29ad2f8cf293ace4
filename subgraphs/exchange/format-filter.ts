import { nonEmptyLists, type NormalisedFilter } from '../shared/catalogue/offer-filter';
import type { Level, TargetGroupCode } from '../shared/catalogue/vocabulary';
import type { ExchangeFormatType, ParticipantKind } from './seed-types';

/** The GraphQL `ExchangeFormatFilter` input as resolvers receive it. */
export interface ExchangeFormatFilterInput {
  levels?: Level[] | null;
  types?: ExchangeFormatType[] | null;
  participantKinds?: ParticipantKind[] | null;
  targetGroups?: TargetGroupCode[] | null;
  ressorts?: string[] | null;
  /** Archived formats are left out of every list unless this is true. */
  includeArchived?: boolean | null;
}

export type ExchangeFormatFilter = NormalisedFilter<ExchangeFormatFilterInput>;

export function normaliseExchangeFormatFilter(
  input: ExchangeFormatFilterInput | null | undefined,
): ExchangeFormatFilter {
  const filter: ExchangeFormatFilter = nonEmptyLists(input, [
    'levels',
    'types',
    'participantKinds',
    'targetGroups',
    'ressorts',
  ]);
  if (input?.includeArchived) filter.includeArchived = true;
  return filter;
}
