import type { DataSource } from 'typeorm';
import { oneByKey } from '../shared/batch';
import type { OfferFilter } from '../shared/offer-filter';
import type { Page } from '../shared/paging';
import { OFFER_BASE_COLUMNS, OFFER_ORDER, offerFilterConditions, type OfferRowBase } from '../shared/offer-sql';
import { fetchPage, fetchPagePerKey, SqlParams, type PageResult } from '../shared/sql';
import type { GrundangebotBlock } from '../shared/vocabulary';

export interface FederalMeasureRow extends OfferRowBase {
  grundangebot: GrundangebotBlock;
  ownerCode: string;
  implementers: { name: string; ressort?: string }[];
  napiPhases: string[];
  eligibilityRules: Record<string, unknown>[];
}

const COLUMNS = `${OFFER_BASE_COLUMNS}, m.grundangebot, m.owner_code AS "ownerCode", m.implementers,
  m.napi_phases AS "napiPhases", m.eligibility_rules AS "eligibilityRules"`;

/** Extra federal-only filters next to the common OfferFilter. */
export interface FederalMeasureFilter extends OfferFilter {
  owners?: string[];
  grundangebot?: GrundangebotBlock[];
}

/**
 * Federal measures are open nationwide, so `ars` does not narrow them; `levels` matches the
 * owning level, which is always BUND here.
 */
function conditions(filter: FederalMeasureFilter, p: SqlParams): string[] {
  const where = offerFilterConditions(filter, p);
  if (filter.levels && !filter.levels.includes('BUND')) where.push('false');
  if (filter.owners) where.push(`m.owner_code = ANY(${p.add(filter.owners)}::text[])`);
  if (filter.grundangebot) where.push(`m.grundangebot = ANY(${p.add(filter.grundangebot)}::text[])`);
  return where;
}

export async function measuresByIds(db: DataSource, ids: readonly string[]): Promise<(FederalMeasureRow | null)[]> {
  const rows: FederalMeasureRow[] = await db.query(
    `SELECT ${COLUMNS} FROM federal.measure m WHERE m.id = ANY($1::text[])`,
    [ids],
  );
  return oneByKey(ids, rows, (r) => r.id);
}

export function listMeasures(
  db: DataSource,
  filter: FederalMeasureFilter,
  page: Page,
): Promise<PageResult<FederalMeasureRow>> {
  const params = new SqlParams();
  return fetchPage<FederalMeasureRow>(
    db,
    { columns: COLUMNS, from: 'federal.measure m', conditions: conditions(filter, params), order: OFFER_ORDER, params },
    page,
  );
}

function pagePerKey(
  db: DataSource,
  keys: readonly string[],
  keyCondition: string,
  filter: FederalMeasureFilter,
  page: Page,
): Promise<FederalMeasureRow[][]> {
  return fetchPagePerKey<FederalMeasureRow>(
    db,
    keys,
    (params) => ({
      columns: COLUMNS,
      from: 'federal.measure m',
      conditions: [keyCondition, ...conditions(filter, params)],
      order: OFFER_ORDER,
    }),
    page,
  );
}

export function measuresByTargetGroups(
  db: DataSource,
  codes: readonly string[],
  filter: FederalMeasureFilter,
  page: Page,
): Promise<FederalMeasureRow[][]> {
  return pagePerKey(db, codes, 'm.target_groups @> ARRAY[k.key]', filter, page);
}

export function measuresByOwners(
  db: DataSource,
  owners: readonly string[],
  filter: FederalMeasureFilter,
  page: Page,
): Promise<FederalMeasureRow[][]> {
  return pagePerKey(db, owners, 'm.owner_code = k.key', filter, page);
}

export function measuresByBlocks(
  db: DataSource,
  blocks: readonly string[],
  page: Page,
): Promise<FederalMeasureRow[][]> {
  return pagePerKey(db, blocks, 'm.grundangebot = k.key', {}, page);
}
