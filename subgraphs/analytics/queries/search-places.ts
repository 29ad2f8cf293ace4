import type { SqlParams } from '../../shared/loading/paged-sql';
import type { SearchFilter } from './search-filter';

/**
 * A name folded for matching, as SQL over `text` — the folding of `places(search:)` in the
 * laender subgraph (subgraphs/laender/place-repository.ts; subgraphs do not import each other):
 * umlauts lose their dots and their e-spelling (Köln, Koeln, Koln → "koln"), ß becomes ss, case
 * is dropped and every run of other characters becomes one space.
 */
export function foldedSql(text: string): string {
  const plain = `replace(replace(translate(${text}, 'ÄÖÜäöü', 'AOUaou'), 'ß', 'ss'), 'ẞ', 'SS')`;
  const e = `replace(replace(replace(lower(${plain}), 'ae', 'a'), 'oe', 'o'), 'ue', 'u')`;
  return `btrim(regexp_replace(${e}, '[^a-z0-9]+', ' ', 'g'))`;
}

/** What people call a place: the statistical name up to its first comma ("Köln, Stadt" → "Köln"). */
const DISPLAY_NAME = `btrim(split_part(p.name, ',', 1))`;

/** Text put into a snippet is escaped first, so the only markup in a snippet is its <b>…</b>. */
export const escapedHtml = (sql: string) => `replace(replace(replace(${sql}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;

/**
 * The Länder, Kreise and kreisfreie Städte named by the whole search text, as rows of the
 * search's `matched` union: the folded display name equals the text (rank 3.75), starts with it
 * (3.5) or has a later word starting with it (3.25) — above every measure, output or format, so
 * "Köln" finds the city first. A text that excludes words (-…) names no place.
 *
 * Places have no target group and no area: `targetGroups` and `areas` leave them out; `levels`
 * keeps Länder (LAND) or Kreise (KOMMUNE); `ars` the places of that Land.
 */
export function placeHitsSql(p: SqlParams, text: string, filter: SearchFilter): string | null {
  if (/(^|\s)-\S/.test(text) || filter.targetGroups || filter.areas) return null;
  const conditions = [`t.term <> ''`, `strpos(' ' || n.folded, ' ' || t.term) > 0`];
  if (filter.levels) conditions.push(`p.level = ANY(${p.add(filter.levels)}::text[])`);
  if (filter.ars) conditions.push(`p.land = left(${p.add(filter.ars)}::text, 2)`);
  const term = foldedSql(`${p.add(text)}::text`);
  return `SELECT p.ars AS id, 'PLACE' AS kind, ${DISPLAY_NAME} AS title, NULL::int AS tier,
           3 + CASE WHEN n.folded = t.term THEN 0.75 WHEN starts_with(n.folded, t.term) THEN 0.5 ELSE 0.25 END
             AS rank,
           p.level = 'LAND' AS is_land, p.population,
           '<b>' || ${escapedHtml(DISPLAY_NAME)} || '</b>' || ${escapedHtml(`substr(p.name, length(split_part(p.name, ',', 1)) + 1)`)}
             AS snippet
    FROM analytics.place p CROSS JOIN (SELECT ${term} AS term) t
    CROSS JOIN LATERAL (SELECT ${foldedSql(DISPLAY_NAME)} AS folded) n
    WHERE ${conditions.join(' AND ')}`;
}
