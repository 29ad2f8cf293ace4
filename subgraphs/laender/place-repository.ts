import type { DataSource } from 'typeorm';
import { oneByKey } from '../shared/loading/batch';
import type { Page } from '../shared/loading/paging';
import { fetchPage, fetchPagePerKey, SqlParams, type PageResult } from '../shared/loading/paged-sql';
import type { Level } from '../shared/catalogue/vocabulary';

export interface PlaceRow {
  ars: string;
  name: string;
  displayName: string;
  officialName: string | null;
  level: Level;
  kind: string;
  landArs: string;
  isStadtstaat: boolean;
  iso3166_2: string | null;
  abbreviation: string | null;
  capital: string | null;
  nuts3: string | null;
  population: number | null;
  areaKm2: number | null;
  statisticsAsOf: string;
  sources: string[];
}

/**
 * What people call a place: the statistical name up to its first comma ("Köln, Stadt" → "Köln",
 * "Hamburg, Freie und Hansestadt" → "Hamburg"). Landkreise, Kreise and Länder carry no suffix.
 */
const DISPLAY_NAME = `btrim(split_part(p.name, ',', 1))`;

const COLUMNS = `p.ars, p.name, ${DISPLAY_NAME} AS "displayName", p.official_name AS "officialName", p.level, p.kind,
  p.land_ars AS "landArs", p.is_stadtstaat AS "isStadtstaat", p.iso3166_2, p.abbreviation,
  p.capital, p.nuts3, p.population, p.area_km2 AS "areaKm2",
  p.statistics_as_of AS "statisticsAsOf", p.sources`;

export async function placesByArs(db: DataSource, keys: readonly string[]): Promise<(PlaceRow | null)[]> {
  const rows: PlaceRow[] = await db.query(`SELECT ${COLUMNS} FROM laender.place p WHERE p.ars = ANY($1::text[])`, [
    keys,
  ]);
  return oneByKey(keys, rows, (r) => r.ars);
}

export function listLaender(db: DataSource): Promise<PlaceRow[]> {
  return db.query(`SELECT ${COLUMNS} FROM laender.place p WHERE p.level = 'LAND' ORDER BY p.ars`);
}

export interface KreisFilter {
  land?: string;
  kind?: string;
}

export function listKreise(db: DataSource, filter: KreisFilter, page: Page): Promise<PageResult<PlaceRow>> {
  const params = new SqlParams();
  const conditions = [`p.level = 'KOMMUNE'`];
  if (filter.land) conditions.push(`p.land_ars = ${params.add(filter.land)}`);
  if (filter.kind) conditions.push(`p.kind = ${params.add(filter.kind)}`);
  return fetchPage<PlaceRow>(
    db,
    { columns: COLUMNS, from: 'laender.place p', conditions, order: 'p.ars', params },
    page,
  );
}

/**
 * A name folded for matching, as SQL over `text`: umlauts lose their dots and their e-spelling
 * (Köln, Koeln and Koln all become "koln"), ß becomes ss, case is dropped and every run of other
 * characters (hyphens, brackets, spaces) becomes one space, so words can be matched by prefix.
 */
function folded(text: string): string {
  const plain = `replace(replace(translate(${text}, 'ÄÖÜäöü', 'AOUaou'), 'ß', 'ss'), 'ẞ', 'SS')`;
  const e = `replace(replace(replace(lower(${plain}), 'ae', 'a'), 'oe', 'o'), 'ue', 'u')`;
  return `btrim(regexp_replace(${e}, '[^a-z0-9]+', ' ', 'g'))`;
}

export interface PlaceSearch extends KreisFilter {
  search: string;
}

/**
 * Länder, Kreise and kreisfreie Städte whose display name, or a later word of it, starts with
 * `search` (folded alike). Exact matches first, then prefixes of the whole name, then prefixes
 * of a later word; within each Länder first, then by population (largest first), then ARS.
 */
export function searchPlaces(db: DataSource, filter: PlaceSearch, page: Page): Promise<PageResult<PlaceRow>> {
  const params = new SqlParams();
  const term = `${folded(`${params.add(filter.search)}::text`)}`;
  const conditions = [`t.term <> ''`, `strpos(' ' || n.folded, ' ' || t.term) > 0`];
  if (filter.land) conditions.push(`p.land_ars = ${params.add(filter.land)}`);
  if (filter.kind) conditions.push(`p.kind = ${params.add(filter.kind)}`);
  const rank = `CASE WHEN n.folded = t.term THEN 0 WHEN starts_with(n.folded, t.term) THEN 1 ELSE 2 END`;
  return fetchPage<PlaceRow>(
    db,
    {
      columns: COLUMNS,
      from: `laender.place p CROSS JOIN (SELECT ${term} AS term) t
        CROSS JOIN LATERAL (SELECT ${folded(DISPLAY_NAME)} AS folded) n`,
      conditions,
      order: `${rank}, (p.level = 'LAND') DESC, p.population DESC NULLS LAST, p.ars`,
      params,
    },
    page,
  );
}

/** The Kreise of many Länder at once, one page each. */
export function kreiseOfLaender(db: DataSource, laender: readonly string[], page: Page): Promise<PlaceRow[][]> {
  return fetchPagePerKey<PlaceRow>(
    db,
    laender,
    () => ({
      columns: COLUMNS,
      from: 'laender.place p',
      conditions: [`p.land_ars = k.key`, `p.level = 'KOMMUNE'`],
      order: 'p.ars',
    }),
    page,
  );
}
