import DataLoader from 'dataloader';
import { historyForEntities, type HistoryRow } from '../editing/history';
import { LoaderFamily } from './loader-family';
import type { Queryable } from './paged-sql';
import type { Page } from './paging';

/**
 * Entities by id through a caller's repository, so the loader hides the drafts the repository
 * hides; every id asked for in one tick is read in one statement.
 */
export function byIdLoader<R>(repository: { byIds(ids: readonly string[]): Promise<(R | null)[]> }) {
  return new DataLoader<string, R | null>((ids) => repository.byIds(ids));
}

/** The edit history of many entities from a subgraph's `<schema>.history` table: one page each, one statement per page size. */
export function historyLoader(db: Queryable, table: string) {
  return new LoaderFamily<Page, string, HistoryRow[]>((page, ids) => historyForEntities(db, table, ids, page));
}
