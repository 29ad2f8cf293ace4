import type { Level, TargetGroupCode } from '../shared/catalogue/vocabulary';
import { editableFields, trimmedOrNull } from '../shared/editing/input-fields';
import type { ExchangeFormatRow } from './format-repository';
import type { ExchangeFormatSession, ExchangeFormatType, ParticipantKind } from './seed-types';

export interface ExchangeFormatSessionInput {
  number?: number | null;
  date: string;
  note?: string | null;
}

/** The GraphQL `ExchangeFormatInput` as resolvers receive it. */
export interface ExchangeFormatInput {
  externalId?: string | null;
  name?: string | null;
  shortName?: string | null;
  type?: ExchangeFormatType | null;
  level?: Level | null;
  convenor?: string | null;
  convenorRessort?: string | null;
  coordinatorRessort?: string | null;
  jointLeadRessorts?: string[] | null;
  participantKinds?: ParticipantKind[] | null;
  since?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
  year?: number | null;
  sessions?: ExchangeFormatSessionInput[] | null;
  phases?: string[] | null;
  facts?: string[] | null;
  guidelineReference?: string | null;
  addressesAllTargetGroups?: boolean | null;
  targetGroups?: TargetGroupCode[] | null;
  relatedFederalMeasures?: string[] | null;
  notes?: string | null;
  draft?: boolean | null;
}

/** Stored as the seed stores them: keys without a value are left out. */
function cleanedSessions(sessions: readonly ExchangeFormatSessionInput[] | null): ExchangeFormatSession[] {
  return (sessions ?? []).map((s) => {
    const note = trimmedOrNull(s.note) as string | null;
    return { ...(s.number != null ? { number: s.number } : {}), date: s.date.trim(), ...(note ? { note } : {}) };
  });
}

/** Each input field and how its value is cleaned; the columns follow from them (format-policy.ts). */
export const FORMAT_FIELDS = editableFields<ExchangeFormatInput, ExchangeFormatRow>({
  externalId: 'text',
  name: 'text',
  shortName: 'text',
  type: 'text',
  level: 'text',
  convenor: 'text',
  convenorRessort: 'text',
  coordinatorRessort: 'text',
  jointLeadRessorts: 'codes',
  participantKinds: 'codes',
  since: 'text',
  validFrom: 'text',
  validTo: 'text',
  year: 'int',
  sessions: (raw) => cleanedSessions(raw as ExchangeFormatSessionInput[] | null),
  phases: 'list',
  facts: 'list',
  guidelineReference: 'requiredText',
  addressesAllTargetGroups: 'boolean',
  targetGroups: 'codes',
  relatedFederalMeasures: 'codes',
  notes: 'text',
  draft: 'boolean',
});
