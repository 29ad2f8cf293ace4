import type { DataSource } from 'typeorm';
import type { OfferFilter } from '../shared/catalogue/offer-filter';
import {
  OFFER_BASE_COLUMNS,
  offerFilterConditions,
  offerTable,
  type OfferRowBase,
} from '../shared/catalogue/offer-sql';
import type { Page } from '../shared/loading/paging';
import { reviewDueSql } from '../shared/catalogue/review-cycle';
import { SqlParams, type PageResult } from '../shared/loading/paged-sql';
import { catalogueTableReader, type DraftVisibility } from '../shared/loading/catalogue-table';
import type { GrundangebotBlock } from '../shared/catalogue/vocabulary';

export interface FederalMeasureRow extends OfferRowBase {
  ownerCode: string;
  implementers: { name: string; ressort?: string }[];
  napiPhases: string[];
  eligibilityRules: Record<string, unknown>[];
}

export const MEASURE_COLUMNS = `${OFFER_BASE_COLUMNS}, m.owner_code AS "ownerCode", m.implementers,
  m.napi_phases AS "napiPhases", m.eligibility_rules AS "eligibilityRules"`;

/** Extra federal-only filters next to the common OfferFilter. */
export interface FederalMeasureFilter extends OfferFilter {
  owners?: string[];
  grundangebot?: GrundangebotBlock[];
  reviewDue?: boolean;
}

export interface ListArgs {
  filter: FederalMeasureFilter;
  page: Page;
}

/**
 * Federal measures are open nationwide, so `ars` does not narrow them; `levels` matches the
 * owning level, which is always BUND here.
 */
function filterConditions(filter: FederalMeasureFilter, p: SqlParams): string[] {
  const where = offerFilterConditions(filter, p);
  if (filter.levels && !filter.levels.includes('BUND')) where.push('false');
  if (filter.owners) where.push(`m.owner_code = ANY(${p.add(filter.owners)}::text[])`);
  if (filter.grundangebot) where.push(`m.grundangebot = ANY(${p.add(filter.grundangebot)}::text[])`);
  if (filter.reviewDue !== undefined) where.push(filter.reviewDue ? reviewDueSql('m') : `NOT ${reviewDueSql('m')}`);
  return where;
}

const MEASURE_TABLE = offerTable('federal.measure', MEASURE_COLUMNS, filterConditions);

/** Reads of federal measures for one caller, who sees the drafts `drafts` admits (see catalogue-table.ts). */
export function createMeasureRepository(db: DataSource, drafts: DraftVisibility) {
  const table = catalogueTableReader<FederalMeasureRow, FederalMeasureFilter>(db, MEASURE_TABLE, drafts);
  return {
    byIds: table.byIds,

    list: (filter: FederalMeasureFilter, page: Page): Promise<PageResult<FederalMeasureRow>> =>
      table.list(filter, page),

    byTargetGroups: ({ filter, page }: ListArgs, codes: readonly string[]) =>
      table.pagePerKey(codes, () => 'm.target_groups @> ARRAY[k.key]', filter, page),

    byOwners: ({ filter, page }: ListArgs, owners: readonly string[]) =>
      table.pagePerKey(owners, () => 'm.owner_code = k.key', filter, page),

    byBlocks: (page: Page, blocks: readonly string[]) =>
      table.pagePerKey(blocks, () => 'm.grundangebot = k.key', {}, page),

    /** Per owner: measures in the catalogue and how many are due for review. */
    async reviewCounts(
      owners: readonly string[] | null,
    ): Promise<{ ownerCode: string; measureCount: number; dueCount: number }[]> {
      const p = new SqlParams();
      const where = [...filterConditions({}, p), drafts(p)];
      if (owners) where.push(`m.owner_code = ANY(${p.add(owners)}::text[])`);
      return db.query(
        `SELECT m.owner_code AS "ownerCode", count(*)::int AS "measureCount",
                count(*) FILTER (WHERE ${reviewDueSql('m')})::int AS "dueCount"
         FROM federal.measure m WHERE ${where.join(' AND ')} GROUP BY m.owner_code ORDER BY m.owner_code`,
        p.values,
      );
    },
  };
}

export type MeasureRepository = ReturnType<typeof createMeasureRepository>;
