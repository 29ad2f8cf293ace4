/**
 * Shapes of the research subgraph's seed files (`seed/institutes.json`, `seed/outputs.json`).
 * Seed files are JSON so that people who do not read TypeScript can review and correct them;
 * every code below is checked on load against the shared vocabulary and the crosswalk.
 *
 * Source of the institutes: guideline chapter VII ("Messung, Forschung und Politikberatung zur
 * Integrationspolitik"), which names exactly five research and advisory bodies.
 */
import type { DirectTargetGroup } from '../shared/seed/seed-types';
import type { Area } from '../shared/catalogue/vocabulary';

/** The five institutes the 2020 guideline names in chapter VII, in the guideline's order. */
export const INSTITUTE_CODES = ['BAMF-FZ', 'IAB', 'DEZIM', 'FGZ', 'SVR'] as const;
export type InstituteCode = (typeof INSTITUTE_CODES)[number];

export const RESEARCH_OUTPUT_TYPES = [
  'PANEL_STUDY',
  'RESEARCH_REPORT',
  'SHORT_ANALYSIS',
  'BRIEF_REPORT',
  'BAROMETER',
  'ANNUAL_REPORT',
  'MONITOR',
  'RESEARCH_INFRASTRUCTURE',
  'SITUATION_REPORT',
  'MONITORING_REPORT',
  'REPORT',
  'STATISTICAL_ATLAS',
  'EVALUATION',
] as const;
export type ResearchOutputType = (typeof RESEARCH_OUTPUT_TYPES)[number];

/** How the German type codes of seed-facts.json map to RESEARCH_OUTPUT_TYPES. */
export const RESEARCH_OUTPUT_TYPE_FROM_SOURCE: Readonly<Record<string, ResearchOutputType>> = {
  PANEL_STUDIE: 'PANEL_STUDY',
  FORSCHUNGSBERICHT: 'RESEARCH_REPORT',
  KURZANALYSE: 'SHORT_ANALYSIS',
  KURZBERICHT: 'BRIEF_REPORT',
  BAROMETER: 'BAROMETER',
  JAHRESGUTACHTEN: 'ANNUAL_REPORT',
  MONITOR: 'MONITOR',
  FORSCHUNGSINSTITUT: 'RESEARCH_INFRASTRUCTURE',
  LAGEBERICHT: 'SITUATION_REPORT',
  MONITORING_BERICHT: 'MONITORING_REPORT',
  BERICHT: 'REPORT',
  ATLAS: 'STATISTICAL_ATLAS',
  EVALUATION: 'EVALUATION',
};

/** The subgraphs that own measures an output can point to. */
export const MEASURE_SUBGRAPHS = ['federal', 'laender'] as const;
export type MeasureSubgraph = (typeof MEASURE_SUBGRAPHS)[number];

/** Measure ids carry their owner in the prefix; a link naming the wrong subgraph would never resolve. */
export const MEASURE_ID_PREFIXES: Readonly<Record<MeasureSubgraph, readonly string[]>> = {
  federal: ['measure:bund:'],
  laender: ['measure:land:', 'measure:kommune:'],
};

/**
 * What an output does for a measure: EVALUATION (evaluates it), MONITORING (observes the
 * integration processes the measure is about), STATISTICS (reports its figures), CONTEXT (any
 * other relation a source states, e.g. funding).
 */
export const MEASURE_LINK_KINDS = ['EVALUATION', 'MONITORING', 'STATISTICS', 'CONTEXT'] as const;
export type MeasureLinkKind = (typeof MEASURE_LINK_KINDS)[number];

export interface InstituteSeed {
  code: InstituteCode;
  name: string;
  shortName: string;
  /** The body the institute belongs to, e.g. "Bundesamt für Migration und Flüchtlinge". */
  parentOrganisation?: string;
  /** Abbreviation of the Ressort it belongs to or is funded by (see ressorts.json), where sourced. */
  ressort?: string;
  /** German; what guideline chapter VII says the institute contributes (close paraphrase). */
  guidelineRole: string;
  /** Only if a source gives it. */
  url?: string;
  facts: string[];
  /** Source URLs, or the guideline with its chapter. */
  sources: string[];
  verified: boolean;
}

/** A sourced relation between a research output and a measure of another subgraph. */
export interface MeasureLink {
  /** Id as in seed-facts federalMeasures / laenderMeasures, e.g. "measure:bund:integrationskurs". */
  measureId: string;
  subgraph: MeasureSubgraph;
  kind: MeasureLinkKind;
  /** Names the source fact that states the relation. */
  reason: string;
}

export interface ResearchOutputSeed {
  /** Stable id from seed-facts.json, e.g. "research:iab-kb-04-2020"; never reused. */
  id: string;
  title: string;
  type: ResearchOutputType;
  series?: string;
  number?: string;
  year?: number;
  /** For series, panels and infrastructures that run over several years. */
  yearStarted?: number;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  publishedOn?: string;
  authors: string[];
  editors: string[];
  doi?: string;
  url?: string;
  /** Codes of the guideline institutes that published it; the first is the lead. */
  institutes: InstituteCode[];
  leadInstitute?: InstituteCode;
  /** Publishers as the source names them; Ressorts by their abbreviation (e.g. "IntB"). */
  publishers: string[];
  /** Abbreviations of those publishers that are Ressorts (IntB, BMI, BAMF, BMBF …). */
  publisherRessorts: string[];
  commissionedBy?: string;
  /** Ressort abbreviations or names, as the source gives them. */
  fundedBy: string[];
  areas: Area[];
  /** The source's fine-grained addressee codes (TG_…), verbatim; mapped by the crosswalk. */
  detailedTargetGroups: string[];
  additionalTargetGroups: DirectTargetGroup[];
  /** Id of the output this one belongs to (e.g. a report of a panel study). */
  partOf?: string;
  measureLinks: MeasureLink[];
  facts: string[];
  notes?: string;
  /** Source URLs, as in seed-facts.json. */
  sources: string[];
  /** False where the source itself flags something in the record as not verified. */
  verified: boolean;
}
