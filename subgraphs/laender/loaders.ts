import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { LoaderFamily } from '../shared/loader-family';
import type { OfferFilter } from '../shared/offer-filter';
import type { Page } from '../shared/paging';
import {
  measuresByIds,
  measuresByParentFederal,
  measuresByPlaces,
  measuresByTargetGroups,
  type PlaceScope,
  type RegionalMeasureRow,
} from './measure-repository';
import { kreiseOfLaender, placesByArs, type PlaceRow } from './place-repository';

export interface ScopedListArgs {
  filter: OfferFilter;
  scope: PlaceScope;
  page: Page;
}

export interface PlaceListArgs {
  filter: OfferFilter;
  includeKommunen: boolean;
  page: Page;
}

/** Created once per request: every reference resolver and list relation goes through these. */
export function createLaenderLoaders(db: DataSource) {
  return {
    place: new DataLoader<string, PlaceRow | null>((keys) => placesByArs(db, keys)),
    measure: new DataLoader<string, RegionalMeasureRow | null>((ids) => measuresByIds(db, ids)),
    kreise: new LoaderFamily<Page, string, PlaceRow[]>((page, laender) => kreiseOfLaender(db, laender, page)),
    measuresByTargetGroup: new LoaderFamily<ScopedListArgs, string, RegionalMeasureRow[]>((a, codes) =>
      measuresByTargetGroups(db, codes, a.filter, a.scope, a.page),
    ),
    measuresByPlace: new LoaderFamily<PlaceListArgs, string, RegionalMeasureRow[]>((a, places) =>
      measuresByPlaces(db, places, a.filter, a.includeKommunen, a.page),
    ),
    measuresByParentFederal: new LoaderFamily<Page, string, RegionalMeasureRow[]>((page, ids) =>
      measuresByParentFederal(db, ids, page),
    ),
  };
}

export type LaenderLoaders = ReturnType<typeof createLaenderLoaders>;
