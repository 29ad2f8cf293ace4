import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../shared/platform/auth/viewer';
import { historyForEntities, type HistoryRow } from '../shared/editing/history';
import { LoaderFamily } from '../shared/loading/loader-family';
import type { Page } from '../shared/loading/paging';
import { institutesByCodes, type InstituteRow } from './institute-repository';
import { linksByOutputs, type MeasureLinkRow } from './measure-link-repository';
import type { ResearchOutputFilter } from './output-filter';
import { createOutputRepository, outputDraftVisibility, type ResearchOutputRow } from './output-repository';
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

/**
 * Created once per request for one caller: every reference resolver and list relation goes
 * through these, and every one of them applies the caller's draft visibility.
 */
export function createResearchLoaders(db: DataSource, viewer: Viewer) {
  const outputs = createOutputRepository(db, outputDraftVisibility(viewer));
  return {
    outputs,
    institute: new DataLoader<string, InstituteRow | null>((codes) => institutesByCodes(db, codes)),
    output: new DataLoader<string, ResearchOutputRow | null>((ids) => outputs.byIds(ids)),
    linksByOutput: new DataLoader<string, MeasureLinkRow[]>((ids) => linksByOutputs(db, ids)),
    outputsByTargetGroup: new LoaderFamily<ListArgs, string, ResearchOutputRow[]>((a, codes) =>
      outputs.byTargetGroups(codes, a.filter, a.page),
    ),
    outputsByInstitute: new LoaderFamily<Page, string, ResearchOutputRow[]>((page, codes) =>
      outputs.byInstitutes(codes, page),
    ),
    partsByParent: new LoaderFamily<Page, string, ResearchOutputRow[]>((page, ids) =>
      outputs.partsByParents(ids, page),
    ),
    outputsByMeasure: new LoaderFamily<MeasureListArgs, string, ResearchOutputRow[]>((a, ids) =>
      outputs.byMeasures(ids, a.subgraph, a.kind, a.page),
    ),
    history: new LoaderFamily<Page, string, HistoryRow[]>((page, ids) =>
      historyForEntities(db, 'research.history', ids, page),
    ),
  };
}

export type ResearchLoaders = ReturnType<typeof createResearchLoaders>;
