import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../shared/platform/auth/viewer';
import { LoaderFamily } from '../shared/loading/loader-family';
import type { Page } from '../shared/loading/paging';
import {
  contactPointsByPlaces,
  coursePlaceCounts,
  coursePlacesByPlaces,
  measureDetailsByIds,
  type ContactPointRow,
  type CoursePlaceCountRow,
  type CoursePlaceRow,
  type MeasureDetailsRow,
} from './repository';

/**
 * Created once per request (so no cache outlives it): every reference resolver and list relation
 * goes through one of these. The gateway asks for many places in one `_entities` call; each
 * loader turns them into a single SQL statement. Lists with arguments get one loader per
 * argument set (LoaderFamily). Nothing here depends on the caller yet; a Land that adds
 * internal fields filters by `viewer` here, as the hub's subgraphs do with drafts.
 */
export function createLandXxLoaders(db: DataSource, _viewer: Viewer) {
  return {
    coursePlacesByPlace: new LoaderFamily<Page, string, CoursePlaceRow[]>((page, places) =>
      coursePlacesByPlaces(db, places, page),
    ),
    contactPointsByPlace: new LoaderFamily<Page, string, ContactPointRow[]>((page, places) =>
      contactPointsByPlaces(db, places, page),
    ),
    coursePlaceCount: new LoaderFamily<{ ars: string }, string, CoursePlaceCountRow>((args, codes) =>
      coursePlaceCounts(db, args.ars, codes),
    ),
    measureDetails: new DataLoader<string, MeasureDetailsRow | null>((ids) => measureDetailsByIds(db, ids)),
  };
}

export type LandXxLoaders = ReturnType<typeof createLandXxLoaders>;
