import type { DataSource } from 'typeorm';
import { badUserInput } from '../../shared/platform/errors';
import type { Page } from '../../shared/loading/paging';
import { SqlParams, whereClause } from '../../shared/loading/paged-sql';
import { AREA_CODES, TARGET_GROUP_CODES } from '../../shared/catalogue/vocabulary';
import { MEASURE, type IndexedMeasureRow } from './measure-sql';

export interface OverlapRow {
  a: IndexedMeasureRow;
  b: IndexedMeasureRow;
  similarity: number;
  sharedTargetGroups: string[];
  sharedAreas: string[];
  level: string;
}

export interface OverlapFilter {
  level: string | null;
  targetGroup: string | null;
  area: string | null;
  minSimilarity: number;
}

/** PostgreSQL cancelled the statement (here: it ran into the statement timeout). */
function isQueryCanceled(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  const driverCode =
    typeof error === 'object' && error !== null && 'driverError' in error
      ? (error.driverError as { code?: unknown } | undefined)?.code
      : undefined;
  return code === '57014' || driverCode === '57014';
}

/**
 * Pairs of measures of different owners at the same level that share a target group and an
 * area, with similarity = shared German stems / stems of the shorter text. Each pair once
 * (a.id < b.id), most similar first, then by ids.
 */
export async function overlaps(
  db: DataSource,
  queryTimeoutMs: number,
  filter: OverlapFilter,
  page: Page,
): Promise<OverlapRow[]> {
  const p = new SqlParams();
  const where = [MEASURE, 'cardinality(i.stems) > 0'];
  if (filter.level) where.push(`i.level = ${p.add(filter.level)}`);
  if (filter.targetGroup) where.push(`${p.add(filter.targetGroup)} = ANY(i.target_groups)`);
  if (filter.area) where.push(`${p.add(filter.area)} = ANY(i.areas)`);
  const measure = (alias: string) =>
    `json_build_object('id', ${alias}.id, 'kind', ${alias}.kind, 'title', ${alias}.title, 'level', ${alias}.level,
       'owner', coalesce(${alias}.owner_code, ''), 'ownerName', coalesce(${alias}.owner_name, ${alias}.owner_code, ''))`;
  // The measures in question first (materialised, so the pairs are formed among them and not
  // through an index over the whole table); then the similarity of every candidate pair; the
  // shared codes only for the page's pairs. The work grows with the square of the measures
  // per level, hence the statement timeout.
  const sql = `
    WITH m AS MATERIALIZED (
      SELECT i.id, i.level, i.owner_code, i.target_groups, i.areas, i.stems FROM analytics.item i
      ${whereClause(where)}),
    pairs AS (
      SELECT a.id AS a_id, b.id AS b_id,
             round((cardinality(ARRAY(SELECT unnest(a.stems) INTERSECT SELECT unnest(b.stems)))::numeric
                    / least(cardinality(a.stems), cardinality(b.stems))), 3)::float AS similarity
      FROM m a
      JOIN m b ON b.level = a.level AND b.id > a.id AND b.owner_code IS DISTINCT FROM a.owner_code
           AND b.target_groups && a.target_groups AND b.areas && a.areas),
    page AS (
      SELECT * FROM pairs WHERE similarity >= ${p.add(filter.minSimilarity)}
      ORDER BY similarity DESC, a_id, b_id
      LIMIT ${p.add(page.limit)} OFFSET ${p.add(page.offset)})
    SELECT a.level, page.similarity,
           ARRAY(SELECT g FROM unnest(${p.add(TARGET_GROUP_CODES)}::text[]) WITH ORDINALITY AS t(g, ord)
                 WHERE g = ANY(a.target_groups) AND g = ANY(b.target_groups) ORDER BY ord) AS "sharedTargetGroups",
           ARRAY(SELECT x FROM unnest(${p.add(AREA_CODES)}::text[]) WITH ORDINALITY AS t(x, ord)
                 WHERE x = ANY(a.areas) AND x = ANY(b.areas) ORDER BY ord) AS "sharedAreas",
           ${measure('a')} AS a, ${measure('b')} AS b
    FROM page
    JOIN analytics.item a ON a.id = page.a_id
    JOIN analytics.item b ON b.id = page.b_id
    ORDER BY page.similarity DESC, page.a_id, page.b_id`;
  try {
    return await db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('statement_timeout', $1, true)`, [String(queryTimeoutMs)]);
      return tx.query<OverlapRow[]>(sql, p.values);
    });
  } catch (error) {
    if (!isQueryCanceled(error)) throw error;
    const broadest = !filter.level ? 'level' : !filter.targetGroup ? 'targetGroup' : !filter.area ? 'area' : null;
    throw badUserInput(
      broadest ?? 'minSimilarity',
      `Too many pairs to compare within ${queryTimeoutMs} ms: ` +
        (broadest ? `narrow the question with ${broadest}` : 'raise minSimilarity or ask the hub maintainers'),
    );
  }
}
