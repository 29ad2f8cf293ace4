import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../shared/platform/auth/viewer';
import { byIdLoader, historyLoader } from '../shared/loading/catalogue-loaders';
import { LoaderFamily } from '../shared/loading/loader-family';
import { institutesByCodes, type InstituteRow } from './institute-repository';
import { linksByOutputs, type MeasureLinkRow } from './measure-link-repository';
import { createOutputRepository, outputDraftVisibility } from './output-repository';

export type { ListArgs } from './output-repository';

/**
 * Created once per request for one caller: every reference resolver and list relation goes
 * through these, and every one of them applies the caller's draft visibility.
 */
export function createResearchLoaders(db: DataSource, viewer: Viewer) {
  const outputs = createOutputRepository(db, outputDraftVisibility(viewer));
  return {
    outputs,
    institute: new DataLoader<string, InstituteRow | null>((codes) => institutesByCodes(db, codes)),
    output: byIdLoader(outputs),
    linksByOutput: new DataLoader<string, MeasureLinkRow[]>((ids) => linksByOutputs(db, ids)),
    outputsByTargetGroup: new LoaderFamily(outputs.byTargetGroups),
    outputsByInstitute: new LoaderFamily(outputs.byInstitutes),
    partsByParent: new LoaderFamily(outputs.partsByParents),
    outputsByMeasure: new LoaderFamily(outputs.byMeasures),
    history: historyLoader(db, 'research.history'),
  };
}

export type ResearchLoaders = ReturnType<typeof createResearchLoaders>;
