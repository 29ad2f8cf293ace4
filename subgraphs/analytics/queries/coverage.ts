import type { DataSource } from 'typeorm';
import { SqlParams } from '../../shared/loading/paged-sql';
import { AREA_CODES, LEVELS, TARGET_GROUP_CODES } from '../../shared/catalogue/vocabulary';
import { MEASURE } from './measure-sql';

export interface CoverageCellRow {
  targetGroup: string;
  level: string;
  area: string;
  land: string | null;
  count: number;
}

/**
 * Every target group × level × area (× Land with `byLand`) with the number of measures in it,
 * zeros included, in the guideline's order. A measure counts once in every cell of its groups
 * and areas; with `byLand` a federal measure counts for every Land, a regional one for its own.
 */
export async function coverage(
  db: DataSource,
  options: { byLand: boolean; status: string[] | null },
): Promise<{ cells: CoverageCellRow[]; total: number }> {
  const p = new SqlParams();
  const status = options.status ? `AND i.status = ANY(${p.add(options.status)}::text[])` : '';
  const vocabulary = `
    groups AS (SELECT code, ord FROM unnest(${p.add(TARGET_GROUP_CODES)}::text[]) WITH ORDINALITY AS t(code, ord)),
    levels AS (SELECT code, ord FROM unnest(${p.add(LEVELS)}::text[]) WITH ORDINALITY AS t(code, ord)),
    areas AS (SELECT code, ord FROM unnest(${p.add(AREA_CODES)}::text[]) WITH ORDINALITY AS t(code, ord)),
    offers AS (SELECT i.id, i.level, i.land, i.areas, i.target_groups FROM analytics.item i
               WHERE ${MEASURE} ${status})`;
  const sql = options.byLand
    ? `WITH ${vocabulary},
         laender AS (SELECT ars FROM analytics.place WHERE level = 'LAND'),
         counted AS (
           SELECT l.ars AS land, g AS target_group, o.level, a AS area, count(*)::int AS n
           FROM offers o JOIN laender l ON o.land IS NULL OR o.land = l.ars,
                unnest(o.target_groups) g, unnest(o.areas) a
           GROUP BY 1, 2, 3, 4)
       SELECT l.ars AS land, g.code AS "targetGroup", v.code AS level, a.code AS area, coalesce(c.n, 0) AS count,
              (SELECT count(*)::int FROM offers) AS total
       FROM laender l CROSS JOIN groups g CROSS JOIN levels v CROSS JOIN areas a
       LEFT JOIN counted c ON c.land = l.ars AND c.target_group = g.code AND c.level = v.code AND c.area = a.code
       ORDER BY l.ars, g.ord, v.ord, a.ord`
    : `WITH ${vocabulary},
         counted AS (
           SELECT g AS target_group, o.level, a AS area, count(*)::int AS n
           FROM offers o, unnest(o.target_groups) g, unnest(o.areas) a
           GROUP BY 1, 2, 3)
       SELECT NULL AS land, g.code AS "targetGroup", v.code AS level, a.code AS area, coalesce(c.n, 0) AS count,
              (SELECT count(*)::int FROM offers) AS total
       FROM groups g CROSS JOIN levels v CROSS JOIN areas a
       LEFT JOIN counted c ON c.target_group = g.code AND c.level = v.code AND c.area = a.code
       ORDER BY g.ord, v.ord, a.ord`;
  const rows = await db.query<(CoverageCellRow & { total: number })[]>(sql, p.values);
  return { cells: rows.map(({ total: _t, ...cell }) => cell), total: rows[0]?.total ?? 0 };
}
