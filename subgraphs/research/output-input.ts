import type { Area, TargetGroupCode } from '../shared/catalogue/vocabulary';
import { editableFields } from '../shared/editing/input-fields';
import type { ResearchOutputRow } from './output-repository';
import type { MeasureLinkKind, ResearchOutputType } from './seed-types';

export interface MeasureLinkInput {
  measureId: string;
  /** The GraphQL enum: FEDERAL or LAENDER. */
  subgraph: string;
  kind: MeasureLinkKind;
  reason: string;
}

/** The GraphQL `ResearchOutputInput` as resolvers receive it. */
export interface ResearchOutputInput {
  externalId?: string | null;
  title?: string | null;
  type?: ResearchOutputType | null;
  series?: string | null;
  number?: string | null;
  year?: number | null;
  yearStarted?: number | null;
  publishedOn?: string | null;
  authors?: string[] | null;
  editors?: string[] | null;
  doi?: string | null;
  url?: string | null;
  institutes?: string[] | null;
  leadInstitute?: string | null;
  publishers?: string[] | null;
  publisherRessorts?: string[] | null;
  commissionedBy?: string | null;
  fundedBy?: string[] | null;
  areas?: Area[] | null;
  targetGroups?: TargetGroupCode[] | null;
  partOf?: string | null;
  measureLinks?: MeasureLinkInput[] | null;
  facts?: string[] | null;
  notes?: string | null;
  draft?: boolean | null;
}

/**
 * Each input field and how its value is cleaned, and the row fields named otherwise than their
 * input; the columns follow from them (output-policy.ts).
 */
export const OUTPUT_FIELDS = editableFields<Omit<ResearchOutputInput, 'measureLinks'>, ResearchOutputRow>(
  {
    externalId: 'text',
    title: 'text',
    type: 'text',
    series: 'text',
    number: 'text',
    year: 'int',
    yearStarted: 'int',
    publishedOn: 'text',
    authors: 'list',
    editors: 'list',
    doi: 'text',
    url: 'text',
    institutes: 'codes',
    leadInstitute: 'text',
    publishers: 'list',
    publisherRessorts: 'codes',
    commissionedBy: 'text',
    fundedBy: 'list',
    areas: 'codes',
    targetGroups: 'codes',
    partOf: 'text',
    facts: 'list',
    notes: 'text',
    draft: 'boolean',
  },
  {
    institutes: 'instituteCodes',
    leadInstitute: 'leadInstituteCode',
    publisherRessorts: 'publisherRessortCodes',
    partOf: 'partOfId',
  },
);
