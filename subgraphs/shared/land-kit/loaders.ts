import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../platform/auth/viewer';
import { LoaderFamily } from '../loading/loader-family';
import type { Page } from '../loading/paging';
import type { Land } from './land';
import { contactPointsByPlaces, coursePlaceCounts, coursePlacesByPlaces, measureDetailsByIds } from './repository';
import type { ContactPointRow, CoursePlaceCountRow, CoursePlaceRow, MeasureDetailsRow } from './rows';

/**
 * Created once per request (so no cache outlives it): every reference resolver and list relation
 * goes through one of these. The gateway asks for many places in one `_entities` call; each
 * loader turns them into a single SQL statement. Lists with arguments get one loader per
 * argument set (LoaderFamily). Nothing here depends on the caller yet; a Land that adds
 * internal fields filters by `viewer` here, as the hub's subgraphs do with drafts.
 */
export function createLandLoaders(land: Land, db: DataSource, _viewer: Viewer) {
  const schema = land.dbSchema;
  const coursePlaces = coursePlacesByPlaces(db, schema);
  const contactPoints = contactPointsByPlaces(db, schema);
  return {
    coursePlacesByPlace: new LoaderFamily<Page, string, CoursePlaceRow[]>((page, places) => coursePlaces(places, page)),
    contactPointsByPlace: new LoaderFamily<Page, string, ContactPointRow[]>((page, places) =>
      contactPoints(places, page),
    ),
    coursePlaceCount: new LoaderFamily<{ ars: string }, string, CoursePlaceCountRow>((args, codes) =>
      coursePlaceCounts(db, schema, args.ars, codes),
    ),
    measureDetails: new DataLoader<string, MeasureDetailsRow | null>((ids) => measureDetailsByIds(db, schema, ids)),
  };
}

export type LandLoaders = ReturnType<typeof createLandLoaders>;
