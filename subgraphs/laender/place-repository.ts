import type { DataSource } from 'typeorm';
import { oneByKey } from '../shared/loading/batch';
import type { Page } from '../shared/loading/paging';
import { fetchPage, fetchPagePerKey, SqlParams, type PageResult } from '../shared/loading/paged-sql';
import type { Level } from '../shared/catalogue/vocabulary';

export interface PlaceRow {
  ars: string;
  name: string;
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

const COLUMNS = `p.ars, p.name, p.official_name AS "officialName", p.level, p.kind,
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
