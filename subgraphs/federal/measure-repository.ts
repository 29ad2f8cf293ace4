import type { DataSource } from 'typeorm';
import { oneByKey } from '../shared/loading/batch';
import type { OfferFilter } from '../shared/catalogue/offer-filter';
import {
  OFFER_BASE_COLUMNS,
  OFFER_ORDER,
  offerFilterConditions,
  type DraftVisibility,
  type OfferRowBase,
} from '../shared/catalogue/offer-sql';
import type { Page } from '../shared/loading/paging';
import { reviewDueSql } from '../shared/catalogue/review-cycle';
import { fetchPage, fetchPagePerKey, SqlParams, type PageResult } from '../shared/loading/paged-sql';
import type { GrundangebotBlock } from '../shared/catalogue/vocabulary';

export interface FederalMeasureRow extends OfferRowBase {
  ownerCode: string;
  implementers: { name: string; ressort?: string }[];
  napiPhases: string[];
  eligibilityRules: Record<string, unknown>[];
}

export const MEASURE_COLUMNS = `${OFFER_BASE_COLUMNS}, m.owner_code AS "ownerCode", m.implementers,
  m.napi_phases AS "napiPhases", m.eligibility_rules AS "eligibilityRules"`;

const FROM = 'federal.measure m';

/** Extra federal-only filters next to the common OfferFilter. */
export interface FederalMeasureFilter extends OfferFilter {
  owners?: string[];
  grundangebot?: GrundangebotBlock[];
  reviewDue?: boolean;
}

/**
 * Reads of federal measures for one caller: every statement applies the caller's draft
 * visibility, so a draft never leaks through a list, a relation or an entity reference.
 */
export function createMeasureRepository(db: DataSource, drafts: DraftVisibility) {
  /**
   * Federal measures are open nationwide, so `ars` does not narrow them; `levels` matches the
   * owning level, which is always BUND here.
   */
  function conditions(filter: FederalMeasureFilter, p: SqlParams): string[] {
    const where = [...offerFilterConditions(filter, p), drafts(p)];
    if (filter.levels && !filter.levels.includes('BUND')) where.push('false');
    if (filter.owners) where.push(`m.owner_code = ANY(${p.add(filter.owners)}::text[])`);
    if (filter.grundangebot) where.push(`m.grundangebot = ANY(${p.add(filter.grundangebot)}::text[])`);
    if (filter.reviewDue !== undefined) where.push(filter.reviewDue ? reviewDueSql('m') : `NOT ${reviewDueSql('m')}`);
    return where;
  }

  function pagePerKey(
    keys: readonly string[],
    keyCondition: string,
    filter: FederalMeasureFilter,
    page: Page,
  ): Promise<FederalMeasureRow[][]> {
    return fetchPagePerKey<FederalMeasureRow>(
      db,
      keys,
      (params) => ({
        columns: MEASURE_COLUMNS,
        from: FROM,
        conditions: [keyCondition, ...conditions(filter, params)],
        order: OFFER_ORDER,
      }),
      page,
    );
  }

  return {
    /** By id, archived ones included (links to them must keep working); drafts only if visible. */
    async byIds(ids: readonly string[]): Promise<(FederalMeasureRow | null)[]> {
      const p = new SqlParams();
      const rows: FederalMeasureRow[] = await db.query(
        `SELECT ${MEASURE_COLUMNS} FROM ${FROM} WHERE m.id = ANY(${p.add(ids)}::text[]) AND ${drafts(p)}`,
        p.values,
      );
      return oneByKey(ids, rows, (r) => r.id);
    },

    list(filter: FederalMeasureFilter, page: Page): Promise<PageResult<FederalMeasureRow>> {
      const params = new SqlParams();
      return fetchPage<FederalMeasureRow>(
        db,
        { columns: MEASURE_COLUMNS, from: FROM, conditions: conditions(filter, params), order: OFFER_ORDER, params },
        page,
      );
    },

    byTargetGroups(codes: readonly string[], filter: FederalMeasureFilter, page: Page) {
      return pagePerKey(codes, 'm.target_groups @> ARRAY[k.key]', filter, page);
    },

    byOwners(owners: readonly string[], filter: FederalMeasureFilter, page: Page) {
      return pagePerKey(owners, 'm.owner_code = k.key', filter, page);
    },

    byBlocks(blocks: readonly string[], page: Page) {
      return pagePerKey(blocks, 'm.grundangebot = k.key', {}, page);
    },

    /** Per owner: measures in the catalogue and how many are due for review. */
    async reviewCounts(
      owners: readonly string[] | null,
    ): Promise<{ ownerCode: string; measureCount: number; dueCount: number }[]> {
      const p = new SqlParams();
      const where = [...conditions({}, p)];
      if (owners) where.push(`m.owner_code = ANY(${p.add(owners)}::text[])`);
      return db.query(
        `SELECT m.owner_code AS "ownerCode", count(*)::int AS "measureCount",
                count(*) FILTER (WHERE ${reviewDueSql('m')})::int AS "dueCount"
         FROM ${FROM} WHERE ${where.join(' AND ')} GROUP BY m.owner_code ORDER BY m.owner_code`,
        p.values,
      );
    },
  };
}

export type MeasureRepository = ReturnType<typeof createMeasureRepository>;
