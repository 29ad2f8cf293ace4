import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../shared/platform/auth/viewer';
import { byIdLoader, historyLoader } from '../shared/loading/catalogue-loaders';
import { LoaderFamily } from '../shared/loading/loader-family';
import { draftVisibility, type DraftVisibility } from '../shared/loading/catalogue-table';
import { ressortsByCodes, targetGroupsByCodes, type RessortRow, type TargetGroupRow } from './catalogue-repository';
import { createMeasureRepository, type FederalMeasureRow, type ListArgs } from './measure-repository';

export type { ListArgs } from './measure-repository';

/** Analysts and admins see every draft, a Ressort's editors their Ressort's, others none. */
export function federalDraftVisibility(viewer: Viewer): DraftVisibility {
  const ressort = viewer.ressort;
  return draftVisibility(viewer, 'm', ressort ? (p) => `m.owner_code = ${p.add(ressort)}` : null);
}

/** Created once per request: every reference resolver and list relation goes through these. */
export function createFederalLoaders(db: DataSource, viewer: Viewer) {
  const measures = createMeasureRepository(db, federalDraftVisibility(viewer));
  return {
    measures,
    targetGroup: new DataLoader<string, TargetGroupRow | null>((codes) => targetGroupsByCodes(db, codes)),
    ressort: new DataLoader<string, RessortRow | null>((codes) => ressortsByCodes(db, codes)),
    measure: byIdLoader(measures),
    measuresByTargetGroup: new LoaderFamily(measures.byTargetGroups),
    measuresByOwner: new LoaderFamily(measures.byOwners),
    measuresByBlock: new LoaderFamily(measures.byBlocks),
    /** Place.federalOffers is the same list for every place: one query per argument set. */
    nationwideOffers: new LoaderFamily<ListArgs, 'all', FederalMeasureRow[]>(async (a, keys) => {
      const { items } = await measures.list(a.filter, a.page);
      return keys.map(() => items);
    }),
    history: historyLoader(db, 'federal.history'),
  };
}

export type FederalLoaders = ReturnType<typeof createFederalLoaders>;
