import { isAdmin } from '../platform/auth/permissions';
import { hasRole, type Viewer } from '../platform/auth/viewer';
import { oneByKey } from './batch';
import { fetchPage, fetchPagePerKey, SqlParams, type PageResult, type Queryable } from './paged-sql';
import type { Page } from './paging';

/** One SQL condition; it adds the values it needs to the statement's parameters. */
export type SqlCondition = (p: SqlParams) => string;

/** Several SQL conditions, ANDed into one statement. */
export type SqlConditions = (p: SqlParams) => string[];

/** Which drafts a caller sees, as a condition on the catalogue table; published rows are always visible. */
export type DraftVisibility = SqlCondition;

/**
 * Analysts and admins see every draft; an editor those `editorsOwn` selects on the table aliased
 * `alias` (null when their claims name nothing of this catalogue); everybody else none.
 */
export function draftVisibility(viewer: Viewer, alias: string, editorsOwn: SqlCondition | null): DraftVisibility {
  if (isAdmin(viewer) || hasRole(viewer, 'analyst')) return () => 'true';
  if (hasRole(viewer, 'editor') && editorsOwn) return (p) => `(NOT ${alias}.draft OR ${editorsOwn(p)})`;
  return () => `NOT ${alias}.draft`;
}

/** Where one catalogue's rows live and how its filter reads, as its repository configures the reader. */
export interface CatalogueTable<F> {
  /** SELECT list, every column qualified by `alias`. */
  columns: string;
  /** Schema-qualified table name, e.g. "federal.measure". */
  table: string;
  alias: string;
  /** ORDER BY of every list; ends in the id so pages are stable. */
  order: string;
  /** The catalogue's own filter as conditions on `alias`; an empty filter leaves only archived rows out. */
  filterConditions: (filter: F, p: SqlParams) => string[];
}

/**
 * The reads every catalogue table has, for one caller: entities by id, one filtered page with
 * its total, and one filtered page per key. Each statement ANDs the caller's draft visibility
 * onto the repository's own conditions, so a draft never leaks through a list, a relation or an
 * entity reference. Repositories expose their relations as `(args, keys)`, the shape of a
 * LoaderFamily batch, so each subgraph's loaders.ts wires them as they are.
 */
export function catalogueTableReader<R extends { id: string }, F>(
  db: Queryable,
  table: CatalogueTable<F>,
  drafts: DraftVisibility,
) {
  const { columns, alias, order, filterConditions } = table;
  const from = `${table.table} ${alias}`;
  return {
    /** By id, archived ones included (references to them must keep working); drafts only if visible. */
    byIds: async (ids: readonly string[]): Promise<(R | null)[]> => {
      const p = new SqlParams();
      const rows = (await db.query(
        `SELECT ${columns} FROM ${from} WHERE ${alias}.id = ANY(${p.add(ids)}::text[]) AND ${drafts(p)}`,
        p.values,
      )) as R[];
      return oneByKey(ids, rows, (r) => r.id);
    },

    /** One page of the filtered list and its total; `narrower` adds conditions beyond the filter. */
    list: (filter: F, page: Page, narrower: SqlConditions = () => []): Promise<PageResult<R>> => {
      const params = new SqlParams();
      const conditions = [...filterConditions(filter, params), ...narrower(params), drafts(params)];
      return fetchPage<R>(db, { columns, from, conditions, order, params }, page);
    },

    /** One page of the filtered list per key; `keyCondition` refers to the key as `k.key`. */
    pagePerKey: (keys: readonly string[], keyCondition: SqlCondition, filter: F, page: Page): Promise<R[][]> => {
      return fetchPagePerKey<R>(
        db,
        keys,
        (p) => ({ columns, from, conditions: [keyCondition(p), ...filterConditions(filter, p), drafts(p)], order }),
        page,
      );
    },
  };
}
