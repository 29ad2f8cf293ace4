import type { DataSource } from 'typeorm';
import type { Viewer } from '../shared/platform/auth/viewer';
import { LoaderFamily } from '../shared/loading/loader-family';
import type { Page } from '../shared/loading/paging';
import { createIndexRepository } from './index-repository';
import type { IndexedMeasureRow } from './queries/measure-sql';
import { analyticsSyncFor } from './sync';

/**
 * Created once per request. The index holds only what the gateway shows anonymous readers, so
 * every caller sees the same; the per-owner lists batch all owners of a response into one
 * statement per argument set.
 */
export function createAnalyticsLoaders(db: DataSource, _viewer: Viewer) {
  const index = createIndexRepository(db, { queryTimeoutMs: analyticsSyncFor(db).config.queryTimeoutMs });
  return {
    index,
    uncoveredByOwner: new LoaderFamily<Page, string, IndexedMeasureRow[]>((page, owners) =>
      index.uncoveredByOwners(owners, page),
    ),
    dueByOwner: new LoaderFamily<Page, string, IndexedMeasureRow[]>((page, owners) => index.dueByOwners(owners, page)),
  };
}

export type AnalyticsLoaders = ReturnType<typeof createAnalyticsLoaders>;
