import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { LoaderFamily } from '../shared/loader-family';
import type { Page } from '../shared/paging';
import { institutesByCodes, type InstituteRow } from './institute-repository';
import { linksByOutputs, type MeasureLinkRow } from './measure-link-repository';
import type { ResearchOutputFilter } from './output-filter';
import {
  outputsByIds,
  outputsByInstitutes,
  outputsByMeasures,
  outputsByTargetGroups,
  partsByParents,
  type ResearchOutputRow,
} from './output-repository';
import type { MeasureLinkKind, MeasureSubgraph } from './seed-types';

export interface ListArgs {
  filter: ResearchOutputFilter;
  page: Page;
}

export interface MeasureListArgs {
  subgraph: MeasureSubgraph;
  /** null: research linked in any way. */
  kind: MeasureLinkKind | null;
  page: Page;
}

/** Created once per request: every reference resolver and list relation goes through these. */
export function createResearchLoaders(db: DataSource) {
  return {
    institute: new DataLoader<string, InstituteRow | null>((codes) => institutesByCodes(db, codes)),
    output: new DataLoader<string, ResearchOutputRow | null>((ids) => outputsByIds(db, ids)),
    linksByOutput: new DataLoader<string, MeasureLinkRow[]>((ids) => linksByOutputs(db, ids)),
    outputsByTargetGroup: new LoaderFamily<ListArgs, string, ResearchOutputRow[]>((a, codes) =>
      outputsByTargetGroups(db, codes, a.filter, a.page),
    ),
    outputsByInstitute: new LoaderFamily<Page, string, ResearchOutputRow[]>((page, codes) =>
      outputsByInstitutes(db, codes, page),
    ),
    partsByParent: new LoaderFamily<Page, string, ResearchOutputRow[]>((page, ids) => partsByParents(db, ids, page)),
    outputsByMeasure: new LoaderFamily<MeasureListArgs, string, ResearchOutputRow[]>((a, ids) =>
      outputsByMeasures(db, ids, a.subgraph, a.kind, a.page),
    ),
  };
}

export type ResearchLoaders = ReturnType<typeof createResearchLoaders>;
