import type { DataSource } from 'typeorm';
import { oneByKey } from '../shared/loader-family';
import type { OfferFilter } from '../shared/offer-filter';
import type { Page } from '../shared/paging';
import { fetchPage, fetchPagePerKey, GERMAN_COLLATION, SqlParams, type PageResult } from '../shared/sql';
import type { Area, GrundangebotBlock, Level, OfferStatus, TargetGroupCode } from '../shared/vocabulary';

export interface FederalMeasureRow {
  id: string;
  title: string;
  shortTitle: string | null;
  summary: string | null;
  type: string;
  implementationLevel: Level | null;
  areas: Area[];
  targetGroups: TargetGroupCode[];
  detailedTargetGroups: string[];
  grundangebot: GrundangebotBlock;
  ownerCode: string;
  implementers: { name: string; ressort?: string }[];
  legalBasis: string[];
  languages: string[];
  status: OfferStatus;
  url: string | null;
  since: string | null;
  validFrom: string | null;
  validTo: string | null;
  minAge: number | null;
  maxAgeExclusive: number | null;
  napiPhases: string[];
  funding: string | null;
  facts: string[];
  notes: string | null;
  eligibilityRules: Record<string, unknown>[];
  sources: string[];
  verified: boolean;
  lastReviewedAt: Date | null;
  updatedAt: Date;
}

const COLUMNS = `
  m.id, m.title, m.short_title AS "shortTitle", m.summary, m.type,
  m.implementation_level AS "implementationLevel", m.areas, m.target_groups AS "targetGroups",
  m.detailed_target_groups AS "detailedTargetGroups", m.grundangebot, m.owner_code AS "ownerCode",
  m.implementers, m.legal_basis AS "legalBasis", m.languages, m.status, m.url, m.since,
  m.valid_from AS "validFrom", m.valid_to AS "validTo", m.min_age AS "minAge",
  m.max_age_exclusive AS "maxAgeExclusive", m.napi_phases AS "napiPhases", m.funding, m.facts,
  m.notes, m.eligibility_rules AS "eligibilityRules", m.sources, m.verified,
  m.last_reviewed_at AS "lastReviewedAt", m.updated_at AS "updatedAt"`;

const ORDER = `m.title COLLATE ${GERMAN_COLLATION}, m.id`;

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
  const where: string[] = [];
  if (filter.levels && !filter.levels.includes('BUND')) where.push('false');
  if (filter.areas) where.push(`m.areas && ${p.add(filter.areas)}::text[]`);
  if (filter.targetGroups) where.push(`m.target_groups && ${p.add(filter.targetGroups)}::text[]`);
  if (filter.status) where.push(`m.status = ANY(${p.add(filter.status)}::text[])`);
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
    { columns: COLUMNS, from: 'federal.measure m', conditions: conditions(filter, params), order: ORDER, params },
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
      order: ORDER,
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
