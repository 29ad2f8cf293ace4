import type { DataSource } from 'typeorm';
import { oneByKey } from '../shared/batch';
import type { Page } from '../shared/paging';
import { fetchPage, fetchPagePerKey, GERMAN_COLLATION, SqlParams, type PageResult } from '../shared/sql';
import type { Level, TargetGroupCode } from '../shared/vocabulary';
import type { ExchangeFormatFilter } from './format-filter';
import type { ExchangeFormatSession, ExchangeFormatType, ParticipantKind } from './seed-types';

export interface ExchangeFormatRow {
  id: string;
  name: string;
  shortName: string | null;
  type: ExchangeFormatType;
  level: Level;
  convenor: string | null;
  convenorRessort: string | null;
  coordinatorRessort: string | null;
  jointLeadRessorts: string[];
  participantKinds: ParticipantKind[];
  since: string | null;
  validFrom: string | null;
  validTo: string | null;
  year: number | null;
  sessions: ExchangeFormatSession[];
  phases: string[];
  facts: string[];
  guidelineReference: string;
  addressesAllTargetGroups: boolean;
  /** Only the groups named explicitly; cross-cutting formats say the rest by the boolean. */
  targetGroups: TargetGroupCode[];
  detailedTargetGroups: string[];
  relatedFederalMeasures: string[];
  notes: string | null;
  sources: string[];
  verified: boolean;
}

const COLUMNS = `
  f.id, f.name, f.short_name AS "shortName", f.type, f.level, f.convenor,
  f.convenor_ressort AS "convenorRessort", f.coordinator_ressort AS "coordinatorRessort",
  f.joint_lead_ressorts AS "jointLeadRessorts", f.participant_kinds AS "participantKinds",
  f.since, f.valid_from AS "validFrom", f.valid_to AS "validTo", f.year, f.sessions, f.phases,
  f.facts, f.guideline_reference AS "guidelineReference",
  f.addresses_all_target_groups AS "addressesAllTargetGroups", f.target_groups AS "targetGroups",
  f.detailed_target_groups AS "detailedTargetGroups",
  f.related_federal_measures AS "relatedFederalMeasures", f.notes, f.sources, f.verified`;

const FROM = 'exchange.format f';
const ORDER = `f.name COLLATE ${GERMAN_COLLATION}, f.id`;

/**
 * A Ressort takes part in a format as convenor, coordinator or one of the joint leads. `equals`
 * is what a single Ressort column is compared with (`k.key`, `ANY($1)`), `codes` the same set as
 * a text[] expression for the joint-lead array.
 */
function ressortCondition(equals: string, codes: string): string {
  return `(f.convenor_ressort = ${equals} OR f.coordinator_ressort = ${equals}
    OR f.joint_lead_ressorts && ${codes})`;
}

function conditions(filter: ExchangeFormatFilter, p: SqlParams): string[] {
  const where: string[] = [];
  if (filter.levels) where.push(`f.level = ANY(${p.add(filter.levels)}::text[])`);
  if (filter.types) where.push(`f.type = ANY(${p.add(filter.types)}::text[])`);
  if (filter.participantKinds) where.push(`f.participant_kinds && ${p.add(filter.participantKinds)}::text[]`);
  if (filter.targetGroups) {
    where.push(`(f.addresses_all_target_groups OR f.target_groups && ${p.add(filter.targetGroups)}::text[])`);
  }
  if (filter.ressorts) {
    const codes = `${p.add(filter.ressorts)}::text[]`;
    where.push(ressortCondition(`ANY(${codes})`, codes));
  }
  return where;
}

export async function formatsByIds(db: DataSource, ids: readonly string[]): Promise<(ExchangeFormatRow | null)[]> {
  const rows: ExchangeFormatRow[] = await db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE f.id = ANY($1::text[])`, [
    ids,
  ]);
  return oneByKey(ids, rows, (r) => r.id);
}

export function listFormats(
  db: DataSource,
  filter: ExchangeFormatFilter,
  page: Page,
): Promise<PageResult<ExchangeFormatRow>> {
  const params = new SqlParams();
  return fetchPage<ExchangeFormatRow>(
    db,
    { columns: COLUMNS, from: FROM, conditions: conditions(filter, params), order: ORDER, params },
    page,
  );
}

/** Per target group: the cross-cutting formats and those addressed to the group. */
export function formatsByTargetGroups(
  db: DataSource,
  codes: readonly string[],
  filter: ExchangeFormatFilter,
  page: Page,
): Promise<ExchangeFormatRow[][]> {
  return fetchPagePerKey<ExchangeFormatRow>(
    db,
    codes,
    (p) => ({
      columns: COLUMNS,
      from: FROM,
      conditions: ['(f.addresses_all_target_groups OR f.target_groups @> ARRAY[k.key])', ...conditions(filter, p)],
      order: ORDER,
    }),
    page,
  );
}

export function formatsByRessorts(
  db: DataSource,
  codes: readonly string[],
  page: Page,
): Promise<ExchangeFormatRow[][]> {
  return fetchPagePerKey<ExchangeFormatRow>(
    db,
    codes,
    () => ({ columns: COLUMNS, from: FROM, conditions: [ressortCondition('k.key', 'ARRAY[k.key]')], order: ORDER }),
    page,
  );
}
