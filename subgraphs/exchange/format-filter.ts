import type { Level, TargetGroupCode } from '../shared/catalogue/vocabulary';
import type { ExchangeFormatType, ParticipantKind } from './seed-types';

/** The GraphQL `ExchangeFormatFilter` input as resolvers receive it. */
export interface ExchangeFormatFilterInput {
  levels?: Level[] | null;
  types?: ExchangeFormatType[] | null;
  participantKinds?: ParticipantKind[] | null;
  targetGroups?: TargetGroupCode[] | null;
  ressorts?: string[] | null;
  includeArchived?: boolean | null;
}

/** The same filter with empty lists dropped: an empty list does not filter. */
export interface ExchangeFormatFilter {
  levels?: Level[];
  types?: ExchangeFormatType[];
  participantKinds?: ParticipantKind[];
  targetGroups?: TargetGroupCode[];
  ressorts?: string[];
  /** Archived formats are left out of every list unless this is true. */
  includeArchived?: boolean;
}

export function normaliseExchangeFormatFilter(
  input: ExchangeFormatFilterInput | null | undefined,
): ExchangeFormatFilter {
  const filter: ExchangeFormatFilter = {};
  if (!input) return filter;
  if (input.levels?.length) filter.levels = [...input.levels];
  if (input.types?.length) filter.types = [...input.types];
  if (input.participantKinds?.length) filter.participantKinds = [...input.participantKinds];
  if (input.targetGroups?.length) filter.targetGroups = [...input.targetGroups];
  if (input.ressorts?.length) filter.ressorts = [...input.ressorts];
  if (input.includeArchived) filter.includeArchived = true;
  return filter;
}
