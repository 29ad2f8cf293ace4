import type { DataSource } from 'typeorm';
import { oneByKey } from '../shared/loader-family';
import type { OfferFilter } from '../shared/offer-filter';
import type { Page } from '../shared/paging';
import { fetchPage, fetchPagePerKey, GERMAN_COLLATION, SqlParams, type PageResult } from '../shared/sql';
import type { Area, Level, OfferStatus, TargetGroupCode } from '../shared/vocabulary';

export interface RegionalMeasureRow {
  id: string;
  title: string;
  shortTitle: string | null;
  summary: string | null;
  type: string;
  level: Level;
  implementationLevel: Level | null;
  ars: string;
  land: string;
  responsible: string | null;
  partners: string[];
  parentFederalMeasure: string | null;
  parentRegionalMeasure: string | null;
  areas: Area[];
  targetGroups: TargetGroupCode[];
  detailedTargetGroups: string[];
  legalBasis: string[];
  languages: string[];
  status: OfferStatus;
  url: string | null;
  since: string | null;
  validFrom: string | null;
  validTo: string | null;
  minAge: number | null;
  maxAgeExclusive: number | null;
  funding: string | null;
  facts: string[];
  notes: string | null;
  sources: string[];
  verified: boolean;
  lastReviewedAt: Date | null;
  updatedAt: Date;
}

const COLUMNS = `
  m.id, m.title, m.short_title AS "shortTitle", m.summary, m.type, m.level,
  m.implementation_level AS "implementationLevel", m.ars, m.land, m.responsible, m.partners,
  m.parent_federal_measure AS "parentFederalMeasure", m.parent_regional_measure AS "parentRegionalMeasure",
  m.areas, m.target_groups AS "targetGroups", m.detailed_target_groups AS "detailedTargetGroups",
  m.legal_basis AS "legalBasis", m.languages, m.status, m.url, m.since, m.valid_from AS "validFrom",
  m.valid_to AS "validTo", m.min_age AS "minAge", m.max_age_exclusive AS "maxAgeExclusive", m.funding,
  m.facts, m.notes, m.sources, m.verified, m.last_reviewed_at AS "lastReviewedAt", m.updated_at AS "updatedAt"`;

const FROM = 'laender.measure m';
const ORDER = `m.title COLLATE ${GERMAN_COLLATION}, m.id`;

/**
 * Which places' measures a list covers. At a Kommune: its own and its Land's. At a Land: its
 * own, or with `includeKommunen` also those of its Kommunen. Without `ars`: everywhere.
 */
export interface PlaceScope {
  ars?: string;
  includeKommunen: boolean;
}

function filterConditions(filter: OfferFilter, p: SqlParams): string[] {
  const where: string[] = [];
  if (filter.levels) where.push(`m.level = ANY(${p.add(filter.levels)}::text[])`);
  if (filter.areas) where.push(`m.areas && ${p.add(filter.areas)}::text[]`);
  if (filter.targetGroups) where.push(`m.target_groups && ${p.add(filter.targetGroups)}::text[]`);
  if (filter.status) where.push(`m.status = ANY(${p.add(filter.status)}::text[])`);
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
  return fetchPage<RegionalMeasureRow>(db, { columns: COLUMNS, from: FROM, conditions, order: ORDER, params }, page);
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
      order: ORDER,
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
      order: ORDER,
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
    () => ({ columns: COLUMNS, from: FROM, conditions: ['m.parent_federal_measure = k.key'], order: ORDER }),
    page,
  );
}
