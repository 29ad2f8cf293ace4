import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../shared/platform/auth/viewer';
import { byIdLoader, historyLoader } from '../shared/loading/catalogue-loaders';
import { LoaderFamily } from '../shared/loading/loader-family';
import { draftVisibility, type DraftVisibility, type SqlCondition } from '../shared/loading/catalogue-table';
import type { Page } from '../shared/loading/paging';
import { createMeasureRepository } from './measure-repository';
import { kreiseOfLaender, placesByArs, type PlaceRow } from './place-repository';

/**
 * Analysts and admins see every draft; a place editor the drafts of the places they may edit
 * (as `canEditPlace`: a Land editor its Land's and its Kommunen's, a Kommune editor its own);
 * everybody else none.
 */
export function laenderDraftVisibility(viewer: Viewer): DraftVisibility {
  const ars = viewer.ars;
  const editorsPlaces: SqlCondition | null = ars
    ? (p) => {
        const key = p.add(ars);
        return `(m.ars = ${key}::text OR m.land = ${key}::text)`;
      }
    : null;
  return draftVisibility(viewer, 'm', editorsPlaces);
}

/** Created once per request: every reference resolver and list relation goes through these. */
export function createLaenderLoaders(db: DataSource, viewer: Viewer) {
  const measures = createMeasureRepository(db, laenderDraftVisibility(viewer));
  return {
    measures,
    place: new DataLoader<string, PlaceRow | null>((keys) => placesByArs(db, keys)),
    measure: byIdLoader(measures),
    kreise: new LoaderFamily<Page, string, PlaceRow[]>((page, laender) => kreiseOfLaender(db, laender, page)),
    measuresByTargetGroup: new LoaderFamily(measures.byTargetGroups),
    measuresByPlace: new LoaderFamily(measures.byPlaces),
    measuresByOwningPlace: new LoaderFamily(measures.byOwningPlaces),
    measuresByParentFederal: new LoaderFamily(measures.byParentFederal),
    history: historyLoader(db, 'laender.history'),
  };
}

export type LaenderLoaders = ReturnType<typeof createLaenderLoaders>;
