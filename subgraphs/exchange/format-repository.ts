import type { DataSource } from 'typeorm';
import type { Viewer } from '../shared/platform/auth/viewer';
import type { EditableRow } from '../shared/editing/editorial-policy';
import {
  catalogueTableReader,
  draftVisibility,
  type CatalogueTable,
  type DraftVisibility,
  type SqlCondition,
} from '../shared/loading/catalogue-table';
import type { Page } from '../shared/loading/paging';
import { GERMAN_COLLATION, type PageResult, type SqlParams } from '../shared/loading/paged-sql';
import type { Level, TargetGroupCode } from '../shared/catalogue/vocabulary';
import type { ExchangeFormatFilter } from './format-filter';
import type { ExchangeFormatSession, ExchangeFormatType, ParticipantKind } from './seed-types';

export interface ExchangeFormatRow extends EditableRow {
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
  externalId: string | null;
  updatedAt: Date;
}

export const FORMAT_COLUMNS = `
  f.id, f.name, f.short_name AS "shortName", f.type, f.level, f.convenor,
  f.convenor_ressort AS "convenorRessort", f.coordinator_ressort AS "coordinatorRessort",
  f.joint_lead_ressorts AS "jointLeadRessorts", f.participant_kinds AS "participantKinds",
  f.since, f.valid_from AS "validFrom", f.valid_to AS "validTo", f.year, f.sessions, f.phases,
  f.facts, f.guideline_reference AS "guidelineReference",
  f.addresses_all_target_groups AS "addressesAllTargetGroups", f.target_groups AS "targetGroups",
  f.detailed_target_groups AS "detailedTargetGroups",
  f.related_federal_measures AS "relatedFederalMeasures", f.notes, f.sources, f.verified,
  f.version, f.external_id AS "externalId", f.draft, f.archived_at AS "archivedAt",
  f.archive_reason AS "archiveReason", f.last_reviewed_at AS "lastReviewedAt",
  f.last_reviewed_by AS "lastReviewedBy", f.updated_at AS "updatedAt"`;

/** The Ressorts that convene, coordinate or jointly lead a format: who its Ressort editors are. */
export function formatRessorts(row: ExchangeFormatRow): (string | null)[] {
  return [row.convenorRessort, row.coordinatorRessort, ...row.jointLeadRessorts];
}

/**
 * A Ressort takes part in a format as convenor, coordinator or one of the joint leads. `equals`
 * is what a single Ressort column is compared with (`k.key`, `ANY($1)`), `codes` the same set as
 * a text[] expression for the joint-lead array.
 */
function ressortCondition(equals: string, codes: string): string {
  return `(f.convenor_ressort = ${equals} OR f.coordinator_ressort = ${equals}
    OR f.joint_lead_ressorts && ${codes})`;
}

/**
 * Analysts and admins see every draft format; an editor those named in their `formats` claim and
 * those their Ressort convenes, coordinates or jointly leads; others none.
 */
export function formatDraftVisibility(viewer: Viewer): DraftVisibility {
  const { formats, ressort } = viewer;
  const editorsOwn: SqlCondition = (p) => {
    const own: string[] = [];
    if (formats.length > 0) own.push(`f.id = ANY(${p.add(formats)}::text[])`);
    if (ressort) {
      const code = p.add(ressort);
      own.push(ressortCondition(`${code}::text`, `ARRAY[${code}::text]`));
    }
    return own.join(' OR ');
  };
  return draftVisibility(viewer, 'f', formats.length > 0 || ressort ? editorsOwn : null);
}

function filterConditions(filter: ExchangeFormatFilter, p: SqlParams): string[] {
  const where: string[] = [];
  if (!filter.includeArchived) where.push('f.archived_at IS NULL');
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

export interface FormatListArgs {
  filter: ExchangeFormatFilter;
  page: Page;
}

const FORMAT_TABLE: CatalogueTable<ExchangeFormatFilter> = {
  columns: FORMAT_COLUMNS,
  table: 'exchange.format',
  alias: 'f',
  order: `f.name COLLATE ${GERMAN_COLLATION}, f.id`,
  filterConditions,
};

/** Reads of exchange formats for one caller, who sees the drafts `drafts` admits. */
export function createFormatRepository(db: DataSource, drafts: DraftVisibility) {
  const table = catalogueTableReader<ExchangeFormatRow, ExchangeFormatFilter>(db, FORMAT_TABLE, drafts);
  return {
    byIds: table.byIds,

    list: (filter: ExchangeFormatFilter, page: Page): Promise<PageResult<ExchangeFormatRow>> =>
      table.list(filter, page),

    /** Per target group: the cross-cutting formats and those addressed to the group. */
    byTargetGroups: ({ filter, page }: FormatListArgs, codes: readonly string[]) =>
      table.pagePerKey(codes, () => '(f.addresses_all_target_groups OR f.target_groups @> ARRAY[k.key])', filter, page),

    byRessorts: (page: Page, codes: readonly string[]) =>
      table.pagePerKey(codes, () => ressortCondition('k.key', 'ARRAY[k.key]'), {}, page),
  };
}

export type FormatRepository = ReturnType<typeof createFormatRepository>;
