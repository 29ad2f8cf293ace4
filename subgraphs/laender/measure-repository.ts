import type { DataSource } from 'typeorm';
import type { OfferFilter } from '../shared/catalogue/offer-filter';
import type { Page } from '../shared/loading/paging';
import {
  OFFER_BASE_COLUMNS,
  offerFilterConditions,
  offerTable,
  type OfferRowBase,
} from '../shared/catalogue/offer-sql';
import { reviewDueSql } from '../shared/catalogue/review-cycle';
import { SqlParams, type PageResult } from '../shared/loading/paged-sql';
import { catalogueTableReader, type DraftVisibility } from '../shared/loading/catalogue-table';
import type { Level } from '../shared/catalogue/vocabulary';

export interface RegionalMeasureRow extends OfferRowBase {
  level: Level;
  ars: string;
  land: string;
  responsible: string | null;
  partners: string[];
  parentFederalMeasure: string | null;
  parentRegionalMeasure: string | null;
}

export const MEASURE_COLUMNS = `${OFFER_BASE_COLUMNS}, m.level, m.ars, m.land, m.responsible, m.partners,
  m.parent_federal_measure AS "parentFederalMeasure", m.parent_regional_measure AS "parentRegionalMeasure"`;

/** Extra laender-only filters next to the common OfferFilter. */
export interface RegionalMeasureFilter extends OfferFilter {
  reviewDue?: boolean;
}

/**
 * Which places' measures a list covers. At a Kommune: its own and its Land's. At a Land: its
 * own, or with `includeKommunen` also those of its Kommunen. Without `ars`: everywhere.
 */
export interface PlaceScope {
  ars?: string;
  includeKommunen: boolean;
}

export interface ScopedListArgs {
  filter: RegionalMeasureFilter;
  scope: PlaceScope;
  page: Page;
}

export interface PlaceListArgs {
  filter: RegionalMeasureFilter;
  includeKommunen: boolean;
  page: Page;
}

export interface ListArgs {
  filter: RegionalMeasureFilter;
  page: Page;
}

/** The scope condition for a place given as SQL text (a parameter or `k.key`). */
function scopeCondition(arsSql: string, includeKommunenSql: string): string {
  return `(m.ars = ${arsSql}
    OR (length(${arsSql}) = 5 AND m.ars = left(${arsSql}, 2))
    OR (length(${arsSql}) = 2 AND ${includeKommunenSql} AND m.land = ${arsSql}))`;
}

/**
 * scopeCondition for one place known in advance, spelt out for it: a Land with its Kommunen is
 * `m.land = …` (land is always the ARS's first two digits), so PostgreSQL reads one index in title
 * order instead of OR-ing two and sorting everything. At 500 000 measures a page of a large
 * Land's list takes about 0.2 s instead of 1.2 s.
 */
function scopeConditions(scope: PlaceScope, p: SqlParams): string[] {
  const ars = scope.ars;
  if (!ars) return [];
  if (ars.length === 2) return [scope.includeKommunen ? `m.land = ${p.add(ars)}` : `m.ars = ${p.add(ars)}`];
  if (ars.length === 5) return [`m.ars = ANY(${p.add([ars, ars.slice(0, 2)])}::text[])`];
  return [`m.ars = ${p.add(ars)}`];
}

/**
 * Measures owned by the given places, where a Land key also covers its Kommunen: the same
 * reach as a place editor's rights (`canEditPlace`). `keysSql` is a text[] expression.
 */
export function ownedByPlacesSql(keysSql: string): string {
  return `(m.ars = ANY(${keysSql}) OR m.land = ANY(${keysSql}))`;
}

/** `levels` matches the owning level (LAND or KOMMUNE); archived rows only on request. */
function filterConditions(filter: RegionalMeasureFilter, p: SqlParams): string[] {
  const where = offerFilterConditions(filter, p);
  if (filter.levels) where.push(`m.level = ANY(${p.add(filter.levels)}::text[])`);
  if (filter.reviewDue !== undefined) where.push(filter.reviewDue ? reviewDueSql('m') : `NOT ${reviewDueSql('m')}`);
  return where;
}

const MEASURE_TABLE = offerTable('laender.measure', MEASURE_COLUMNS, filterConditions);

/** Reads of Land and Kommune measures for one caller, who sees the drafts `drafts` admits. */
export function createMeasureRepository(db: DataSource, drafts: DraftVisibility) {
  const table = catalogueTableReader<RegionalMeasureRow, RegionalMeasureFilter>(db, MEASURE_TABLE, drafts);
  return {
    byIds: table.byIds,

    list(filter: RegionalMeasureFilter, scope: PlaceScope, page: Page): Promise<PageResult<RegionalMeasureRow>> {
      return table.list(filter, page, (p) => scopeConditions(scope, p));
    },

    byTargetGroups: ({ filter, scope, page }: ScopedListArgs, codes: readonly string[]) =>
      table.pagePerKey(
        codes,
        (p) => ['m.target_groups @> ARRAY[k.key]', ...scopeConditions(scope, p)].join(' AND '),
        filter,
        page,
      ),

    /** Measures available at each place (see PlaceScope). */
    byPlaces: ({ filter, includeKommunen, page }: PlaceListArgs, places: readonly string[]) =>
      table.pagePerKey(places, (p) => scopeCondition('k.key', `${p.add(includeKommunen)}::boolean`), filter, page),

    /** Measures each place owns itself (its Kommunen's not included). */
    byOwningPlaces: ({ filter, page }: ListArgs, places: readonly string[]) =>
      table.pagePerKey(places, () => 'm.ars = k.key', filter, page),

    byParentFederal: (page: Page, ids: readonly string[]) =>
      table.pagePerKey(ids, () => 'm.parent_federal_measure = k.key', {}, page),

    /**
     * Per owning place (a Land or a Kommune): measures in the catalogue and how many are due for
     * review. `places` narrows to those places, a Land key covering its Kommunen too.
     */
    async reviewCounts(
      places: readonly string[] | null,
    ): Promise<{ ars: string; measureCount: number; dueCount: number }[]> {
      const p = new SqlParams();
      const where = [...filterConditions({}, p), drafts(p)];
      if (places) where.push(ownedByPlacesSql(`${p.add(places)}::text[]`));
      return db.query(
        `SELECT m.ars, count(*)::int AS "measureCount",
                count(*) FILTER (WHERE ${reviewDueSql('m')})::int AS "dueCount"
         FROM laender.measure m WHERE ${where.join(' AND ')} GROUP BY m.ars ORDER BY m.ars`,
        p.values,
      );
    },
  };
}

export type MeasureRepository = ReturnType<typeof createMeasureRepository>;
