import type { DataSource } from 'typeorm';
import type { Page } from '../shared/loading/paging';
import { coverage } from './queries/coverage';
import { offersPerCapita } from './queries/offers-per-capita';
import { overlaps, type OverlapFilter } from './queries/overlaps';
import { dueByOwners, reviewFreshness, successControl, uncoveredByOwners } from './queries/owners';
import { search } from './queries/search';
import type { SearchFilter } from './queries/search-filter';

/**
 * The coordination queries over the analytics read model, bound to one database: each is one SQL
 * statement in queries/ (coverage, overlaps, the per-owner questions, offers per capita, search).
 */

export interface IndexRepositoryOptions {
  /** Longest a pairwise comparison (overlapCandidates) may run before it is refused. */
  queryTimeoutMs: number;
}

export function createIndexRepository(db: DataSource, options: IndexRepositoryOptions) {
  return {
    coverage: (question: { byLand: boolean; status: string[] | null }) => coverage(db, question),
    overlaps: (filter: OverlapFilter, page: Page) => overlaps(db, options.queryTimeoutMs, filter, page),
    successControl: (level: string | null) => successControl(db, level),
    reviewFreshness: (level: string | null) => reviewFreshness(db, level),
    uncoveredByOwners: (keys: readonly string[], page: Page) => uncoveredByOwners(db, keys, page),
    dueByOwners: (keys: readonly string[], page: Page) => dueByOwners(db, keys, page),
    offersPerCapita: (level: 'LAND' | 'KREIS', land: string | null) => offersPerCapita(db, level, land),
    search: (text: string, kinds: readonly string[] | null, filter: SearchFilter, page: Page) =>
      search(db, text, kinds, filter, page),
    /** Whether the index knows this place (a Land or a Kreis). */
    placeExists: async (ars: string) =>
      (await db.query<unknown[]>(`SELECT 1 FROM analytics.place WHERE ars = $1`, [ars])).length > 0,
  };
}

export type IndexRepository = ReturnType<typeof createIndexRepository>;
