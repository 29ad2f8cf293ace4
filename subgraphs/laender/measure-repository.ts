import type { DataSource } from 'typeorm';
import { oneByKey } from '../shared/batch';
import type { OfferFilter } from '../shared/offer-filter';
import type { Page } from '../shared/paging';
import { OFFER_BASE_COLUMNS, OFFER_ORDER, offerFilterConditions, type OfferRowBase } from '../shared/offer-sql';
import { fetchPage, fetchPagePerKey, SqlParams, type PageResult } from '../shared/sql';
import type { Level } from '../shared/vocabulary';

export interface RegionalMeasureRow extends OfferRowBase {
  level: Level;
  ars: string;
  land: string;
  responsible: string | null;
  partners: string[];
  parentFederalMeasure: string | null;
  parentRegionalMeasure: string | null;
}

const COLUMNS = `${OFFER_BASE_COLUMNS}, m.level, m.ars, m.land, m.responsible, m.partners,
  m.parent_federal_measure AS "parentFederalMeasure", m.parent_regional_measure AS "parentRegionalMeasure"`;

const FROM = 'laender.measure m';

/**
 * Which places' measures a list covers. At a Kommune: its own and its Land's. At a Land: its
 * own, or with `includeKommunen` also those of its Kommunen. Without `ars`: everywhere.
 */
export interface PlaceScope {
  ars?: string;
  includeKommunen: boolean;
}

function filterConditions(filter: OfferFilter, p: SqlParams): string[] {
  const where = offerFilterConditions(filter, p);
  if (filter.levels) where.push(`m.level = ANY(${p.add(filter.levels)}::text[])`);
  return where;
}

/** The scope condition for a place given as SQL text (a parameter or `k.key`). */
function scopeCondition(arsSql: string, includeKommunenSql: string): string {
  return `(m.ars = ${arsSql}
    OR (length(${arsSql}) = 5 AND m.ars = left(${arsSql}, 2))
    OR (length(${arsSql}) = 2 AND ${includeKommunenSql} AND m.land = ${arsSql}))`;
}

function scopeConditions(scope: PlaceScope, p: SqlParams): string[] {
  if (!scope.ars) return [];
  return [scopeCondition(`${p.add(scope.ars)}::text`, `${p.add(scope.includeKommunen)}::boolean`)];
}

export async function measuresByIds(db: DataSource, ids: readonly string[]): Promise<(RegionalMeasureRow | null)[]> {
  const rows: RegionalMeasureRow[] = await db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE m.id = ANY($1::text[])`, [
    ids,
  ]);
  return oneByKey(ids, rows, (r) => r.id);
}

export function listMeasures(
  db: DataSource,
  filter: OfferFilter,
  scope: PlaceScope,
  page: Page,
): Promise<PageResult<RegionalMeasureRow>> {
  const params = new SqlParams();
  const conditions = [...filterConditions(filter, params), ...scopeConditions(scope, params)];
  return fetchPage<RegionalMeasureRow>(
    db,
    { columns: COLUMNS, from: FROM, conditions, order: OFFER_ORDER, params },
    page,
  );
}

export function measuresByTargetGroups(
  db: DataSource,
  codes: readonly string[],
  filter: OfferFilter,
  scope: PlaceScope,
  page: Page,
): Promise<RegionalMeasureRow[][]> {
  return fetchPagePerKey<RegionalMeasureRow>(
    db,
    codes,
    (p) => ({
      columns: COLUMNS,
      from: FROM,
      conditions: ['m.target_groups @> ARRAY[k.key]', ...filterConditions(filter, p), ...scopeConditions(scope, p)],
      order: OFFER_ORDER,
    }),
    page,
  );
}

export function measuresByPlaces(
  db: DataSource,
  places: readonly string[],
  filter: OfferFilter,
  includeKommunen: boolean,
  page: Page,
): Promise<RegionalMeasureRow[][]> {
  return fetchPagePerKey<RegionalMeasureRow>(
    db,
    places,
    (p) => ({
      columns: COLUMNS,
      from: FROM,
      conditions: [scopeCondition('k.key', `${p.add(includeKommunen)}::boolean`), ...filterConditions(filter, p)],
      order: OFFER_ORDER,
    }),
    page,
  );
}

export function measuresByParentFederal(
  db: DataSource,
  ids: readonly string[],
  page: Page,
): Promise<RegionalMeasureRow[][]> {
  return fetchPagePerKey<RegionalMeasureRow>(
    db,
    ids,
    () => ({ columns: COLUMNS, from: FROM, conditions: ['m.parent_federal_measure = k.key'], order: OFFER_ORDER }),
    page,
  );
}
