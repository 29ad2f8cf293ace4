/**
 * Shapes shared by the seed files of all subgraphs. Seed files are JSON so that people who do not
 * read TypeScript can review and correct them; `validateSeed*` helpers check every code on load.
 */
import type {
  Area,
  GrundangebotBlock,
  Level,
  MeasureType,
  OfferStatus,
  TargetGroupCode,
} from '../catalogue/vocabulary';

/** A guideline target group a record addresses directly, with the sourced reason. */
export interface DirectTargetGroup {
  code: TargetGroupCode;
  reason: string;
}

/** Fields every measure seed (federal or regional) carries. */
export interface MeasureSeedBase {
  /** Stable id, e.g. "measure:bund:integrationskurs"; never reused. */
  id: string;
  title: string;
  shortTitle?: string;
  /** One to three German sentences, built only from the sourced facts. */
  summary: string;
  type: MeasureType;
  implementationLevel?: Level;
  areas: Area[];
  /** The source's fine-grained addressee codes (TG_…), mapped by the crosswalk. */
  detailedTargetGroups: string[];
  additionalTargetGroups?: DirectTargetGroup[];
  legalBasis: string[];
  /** ISO 639-1 (else 639-3) codes of the languages the offer is delivered in, where known. */
  languages: string[];
  status: OfferStatus;
  url?: string;
  /** Free text as the source words it, e.g. "2016-07 (national standard offer …)". */
  since?: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  validFrom?: string;
  validTo?: string;
  minAge?: number;
  maxAgeExclusive?: number;
  funding?: string;
  facts: string[];
  notes?: string;
  /** Source URLs, as in seed-facts.json or the guideline. */
  sources: string[];
  /** False where the source itself flags the record as not verified. */
  verified: boolean;
}

export interface FederalMeasureSeed extends MeasureSeedBase {
  grundangebot: GrundangebotBlock;
  /** Ressort code (see ressorts.json), e.g. "BMI". */
  owner: string;
  implementers: { name: string; ressort?: string }[];
  napiPhases: string[];
  eligibilityRules: Record<string, unknown>[];
}

export interface RessortSeed {
  /** Abbreviation used as the key, e.g. "BMAS". */
  code: string;
  name: string;
  kind:
    | 'FEDERAL_MINISTRY'
    | 'SUPREME_FEDERAL_AUTHORITY'
    | 'FEDERAL_COMMISSIONER'
    | 'FEDERAL_AGENCY'
    | 'FEDERAL_OFFICE'
    | 'FEDERAL_INSTITUTE';
  parent?: string;
  seat?: string;
  napiForumLead: boolean;
  notes?: string;
  sources: string[];
  verified: boolean;
}

export interface RegionalMeasureSeed extends MeasureSeedBase {
  level: 'LAND' | 'KOMMUNE';
  /** Canonical ARS of the owning place: 2 digits for a Land, 5 for a Kreis. */
  ars: string;
  /** The Land or municipal body responsible, as the source names it. */
  responsible?: string;
  parentFederalMeasure?: string;
  parentRegionalMeasure?: string;
  partners: string[];
}
