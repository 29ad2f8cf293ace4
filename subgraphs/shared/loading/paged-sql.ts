import { groupByKey } from './batch';

/** Collects positional parameters while a statement is assembled, so values never enter SQL text. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** `WHERE a AND b`, or nothing when there are no conditions. */
export function whereClause(conditions: readonly string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

/** Orders text the way German readers expect (Ä with A), with the id as a stable tie-breaker. */
export const GERMAN_COLLATION = '"de-x-icu"';

export interface PageQuery {
  columns: string;
  /** FROM clause body, e.g. "federal.measure m". */
  from: string;
  conditions: readonly string[];
  order: string;
  params: SqlParams;
}

export interface PageResult<R> {
  totalCount: number;
  items: R[];
}

export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * One page and the total in one statement (count(*) OVER ()). Only a page past the end has no row
 * to carry the total; then, and only then, a second statement counts.
 */
export async function fetchPage<R>(
  db: Queryable,
  q: PageQuery,
  page: { limit: number; offset: number },
): Promise<PageResult<R>> {
  const where = whereClause(q.conditions);
  const countParams = [...q.params.values];
  const rows = (await db.query(
    `SELECT ${q.columns}, count(*) OVER () AS "__total" FROM ${q.from} ${where}
     ORDER BY ${q.order} LIMIT ${q.params.add(page.limit)} OFFSET ${q.params.add(page.offset)}`,
    q.params.values,
  )) as (R & { __total: string })[];
  let totalCount = Number(rows[0]?.__total ?? 0);
  if (rows.length === 0 && page.offset > 0) {
    const counted = (await db.query(`SELECT count(*)::int AS n FROM ${q.from} ${where}`, countParams)) as {
      n: number;
    }[];
    totalCount = counted[0]?.n ?? 0;
  }
  return { totalCount, items: rows.map(({ __total: _t, ...row }) => row as unknown as R) };
}

export interface PerKeyQuery {
  columns: string;
  from: string;
  /** Conditions; refer to the current key as `k.key`. */
  conditions: readonly string[];
  order: string;
}

/**
 * One ordered, limited page per key for many keys in a single statement: the keys are unnested
 * and each gets its own slice through a LATERAL subquery. Returns one slot per key, in key order.
 */
export async function fetchPagePerKey<R>(
  db: Queryable,
  keys: readonly string[],
  build: (params: SqlParams) => PerKeyQuery,
  page: { limit: number; offset: number },
): Promise<R[][]> {
  const params = new SqlParams();
  const keysParam = params.add(keys);
  const q = build(params);
  const rows = (await db.query(
    `SELECT k.key AS "__key", s.* FROM unnest(${keysParam}::text[]) AS k(key)
     CROSS JOIN LATERAL (
       SELECT ${q.columns} FROM ${q.from} ${whereClause(q.conditions)}
       ORDER BY ${q.order} LIMIT ${params.add(page.limit)} OFFSET ${params.add(page.offset)}
     ) s`,
    params.values,
  )) as (R & { __key: string })[];
  return groupByKey(keys, rows, (r) => r.__key).map((group) =>
    group.map(({ __key: _k, ...row }) => row as unknown as R),
  );
}
