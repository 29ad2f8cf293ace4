import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { isAdmin } from '../shared/platform/auth/permissions';
import { hasRole, type Viewer } from '../shared/platform/auth/viewer';
import { historyForEntities, type HistoryRow } from '../shared/editing/history';
import { LoaderFamily } from '../shared/loading/loader-family';
import { ALL_DRAFTS, NO_DRAFTS, ownDrafts, type DraftVisibility } from '../shared/catalogue/offer-sql';
import type { Page } from '../shared/loading/paging';
import {
  createMeasureRepository,
  type PlaceScope,
  type RegionalMeasureFilter,
  type RegionalMeasureRow,
} from './measure-repository';
import { kreiseOfLaender, placesByArs, type PlaceRow } from './place-repository';

export interface ScopedListArgs {
  filter: RegionalMeasureFilter;
  scope: PlaceScope;
  page: Page;
}

export interface PlaceListArgs {
  filter: RegionalMeasureFilter;
  includeKommunen: boolean;
  page: Page;
}

export interface ListArgs {
  filter: RegionalMeasureFilter;
  page: Page;
}

/**
 * Analysts and admins see every draft; a place editor the drafts of the places they may edit
 * (as `canEditPlace`: a Land editor its Land's and its Kommunen's, a Kommune editor its own);
 * everybody else none.
 */
export function laenderDraftVisibility(viewer: Viewer): DraftVisibility {
  if (isAdmin(viewer) || hasRole(viewer, 'analyst')) return ALL_DRAFTS;
  const ars = viewer.ars;
  if (hasRole(viewer, 'editor') && ars) {
    return ownDrafts((p) => {
      const key = p.add(ars);
      return `(m.ars = ${key}::text OR m.land = ${key}::text)`;
    });
  }
  return NO_DRAFTS;
}

/** Created once per request: every reference resolver and list relation goes through these. */
export function createLaenderLoaders(db: DataSource, viewer: Viewer) {
  const measures = createMeasureRepository(db, laenderDraftVisibility(viewer));
  return {
    measures,
    place: new DataLoader<string, PlaceRow | null>((keys) => placesByArs(db, keys)),
    measure: new DataLoader<string, RegionalMeasureRow | null>((ids) => measures.byIds(ids)),
    kreise: new LoaderFamily<Page, string, PlaceRow[]>((page, laender) => kreiseOfLaender(db, laender, page)),
    measuresByTargetGroup: new LoaderFamily<ScopedListArgs, string, RegionalMeasureRow[]>((a, codes) =>
      measures.byTargetGroups(codes, a.filter, a.scope, a.page),
    ),
    measuresByPlace: new LoaderFamily<PlaceListArgs, string, RegionalMeasureRow[]>((a, places) =>
      measures.byPlaces(places, a.filter, a.includeKommunen, a.page),
    ),
    measuresByOwningPlace: new LoaderFamily<ListArgs, string, RegionalMeasureRow[]>((a, places) =>
      measures.byOwningPlaces(places, a.filter, a.page),
    ),
    measuresByParentFederal: new LoaderFamily<Page, string, RegionalMeasureRow[]>((page, ids) =>
      measures.byParentFederal(ids, page),
    ),
    history: new LoaderFamily<Page, string, HistoryRow[]>((page, ids) =>
      historyForEntities(db, 'laender.history', ids, page),
    ),
  };
}

export type LaenderLoaders = ReturnType<typeof createLaenderLoaders>;
