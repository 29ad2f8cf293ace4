/**
 * Shapes of the exchange subgraph's seed file (`seed/formats.json`): the coordination and
 * exchange formats of integration policy. The guideline names them in chapter V (IMAG) and
 * chapter VI (NAP-I, Fachministerkonferenzen, Bund-Länder-Treffen, Austauschformate der
 * Bundesressorts); seed-facts.json adds summits, earlier plans and commissions.
 */
import type { DirectTargetGroup } from '../shared/seed/seed-types';
import type { Level } from '../shared/catalogue/vocabulary';

export const EXCHANGE_FORMAT_TYPES = [
  'SUMMIT',
  'ACTION_PLAN',
  'DIALOGUE_FORUM',
  'MINISTERIAL_CONFERENCE',
  'COMMISSION',
  'CABINET_COMMITTEE',
  'INTERMINISTERIAL_WORKING_GROUP',
  'BUND_LAENDER_MEETING',
  'STAKEHOLDER_EXCHANGE',
] as const;
export type ExchangeFormatType = (typeof EXCHANGE_FORMAT_TYPES)[number];

/** How the German type codes of seed-facts.json map to EXCHANGE_FORMAT_TYPES. */
export const EXCHANGE_FORMAT_TYPE_FROM_SOURCE: Readonly<Record<string, ExchangeFormatType>> = {
  GIPFEL: 'SUMMIT',
  AKTIONSPLAN: 'ACTION_PLAN',
  DIALOGFORUM: 'DIALOGUE_FORUM',
  FACHMINISTERKONFERENZ: 'MINISTERIAL_CONFERENCE',
  KOMMISSION: 'COMMISSION',
  KABINETTAUSSCHUSS: 'CABINET_COMMITTEE',
};

/** Kinds of participants; a format lists only those its source names. */
export const PARTICIPANT_KINDS = [
  'BUND',
  'LAENDER',
  'KOMMUNEN',
  'CIVIL_SOCIETY',
  'MIGRANT_ORGANISATIONS',
  'WELFARE_ASSOCIATIONS',
  'BUSINESS_AND_CHAMBERS',
  'SOCIAL_PARTNERS',
  'CHURCHES_AND_RELIGIOUS_COMMUNITIES',
  'ISLAMIC_ASSOCIATIONS',
  'SPAETAUSSIEDLER_ASSOCIATIONS',
  'SCIENCE',
  'MEDIA',
] as const;
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

export interface ExchangeFormatSession {
  number?: number;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  date: string;
  note?: string;
}

export interface ExchangeFormatSeed {
  /** Stable id, e.g. "format:dik"; new ones "format:<slug>"; never reused. */
  id: string;
  name: string;
  shortName?: string;
  type: ExchangeFormatType;
  level: Level;
  /** Who convenes it, as the source names it. */
  convenor?: string;
  /** Abbreviation of the convening Ressort (see ressorts.json). */
  convenorRessort?: string;
  /** Abbreviation of the coordinating Ressort, where the source names one. */
  coordinatorRessort?: string;
  /**
   * Abbreviations of the Ressorts sharing the lead ("gemeinsame Federführung"), e.g. the IMAG;
   * used instead of convenorRessort when no single Ressort convenes.
   */
  jointLeadRessorts?: string[];
  participantKinds: ParticipantKind[];
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  since?: string;
  validFrom?: string;
  validTo?: string;
  year?: number;
  sessions: ExchangeFormatSession[];
  /** NAP-I phase codes as the source gives them (e.g. "ERSTINTEGRATION"). */
  phases: string[];
  facts: string[];
  /** Where the guideline names the format, e.g. "Leitfaden 2020, Kap. VI". */
  guidelineReference: string;
  /** True for cross-cutting formats that deal with integration policy as a whole. */
  addressesAllTargetGroups: boolean;
  /** Fine-grained addressee codes (TG_…); each must be a key of the crosswalk. */
  detailedTargetGroups: string[];
  additionalTargetGroups: DirectTargetGroup[];
  /** Ids of federal measures the source relates the format to, e.g. "measure:bund:nap-i". */
  relatedFederalMeasures: string[];
  notes?: string;
  /** Source URLs, or the guideline with its chapter. */
  sources: string[];
  /** False where the source itself flags the record as not (fully) verified. */
  verified: boolean;
}
