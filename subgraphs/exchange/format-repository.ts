import type { DataSource } from 'typeorm';
import { isAdmin } from '../shared/platform/auth/permissions';
import { hasRole, type Viewer } from '../shared/platform/auth/viewer';
import { oneByKey } from '../shared/loading/batch';
import type { DraftVisibility } from '../shared/catalogue/offer-sql';
import type { Page } from '../shared/loading/paging';
import { fetchPage, fetchPagePerKey, GERMAN_COLLATION, SqlParams, type PageResult } from '../shared/loading/paged-sql';
import type { Level, TargetGroupCode } from '../shared/catalogue/vocabulary';
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
  version: number;
  externalId: string | null;
  draft: boolean;
  archivedAt: Date | null;
  archiveReason: string | null;
  lastReviewedAt: Date | null;
  lastReviewedBy: string | null;
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

const FROM = 'exchange.format f';
const ORDER = `f.name COLLATE ${GERMAN_COLLATION}, f.id`;

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
 * Which drafts a caller sees, as SQL on the format aliased `f` (as shared/offer-sql.ts does for
 * measures): analysts and admins all; an editor those named in their `formats` claim and those
 * their Ressort convenes, coordinates or jointly leads; others none. Published formats are always visible.
 */
export function formatDraftVisibility(viewer: Viewer): DraftVisibility {
  if (isAdmin(viewer) || hasRole(viewer, 'analyst')) return () => 'true';
  if (!hasRole(viewer, 'editor') || (viewer.formats.length === 0 && !viewer.ressort)) return () => 'NOT f.draft';
  const { formats, ressort } = viewer;
  return (p) => {
    const own: string[] = [];
    if (formats.length > 0) own.push(`f.id = ANY(${p.add(formats)}::text[])`);
    if (ressort) {
      const code = p.add(ressort);
      own.push(ressortCondition(`${code}::text`, `ARRAY[${code}::text]`));
    }
    return `(NOT f.draft OR ${own.join(' OR ')})`;
  };
}

function conditions(filter: ExchangeFormatFilter, p: SqlParams): string[] {
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

/**
 * Reads of exchange formats for one caller: every statement applies the caller's draft
 * visibility, so a draft never leaks through a list, a relation or an entity reference. Lists
 * leave archived formats out unless the filter asks for them; by id they stay readable.
 */
export function createFormatRepository(db: DataSource, drafts: DraftVisibility) {
  function pagePerKey(
    keys: readonly string[],
    keyCondition: string,
    filter: ExchangeFormatFilter,
    page: Page,
  ): Promise<ExchangeFormatRow[][]> {
    return fetchPagePerKey<ExchangeFormatRow>(
      db,
      keys,
      (p) => ({
        columns: FORMAT_COLUMNS,
        from: FROM,
        conditions: [keyCondition, ...conditions(filter, p), drafts(p)],
        order: ORDER,
      }),
      page,
    );
  }

  return {
    /** By id, archived ones included (references to them must keep working); drafts only if visible. */
    async byIds(ids: readonly string[]): Promise<(ExchangeFormatRow | null)[]> {
      const p = new SqlParams();
      const rows: ExchangeFormatRow[] = await db.query(
        `SELECT ${FORMAT_COLUMNS} FROM ${FROM} WHERE f.id = ANY(${p.add(ids)}::text[]) AND ${drafts(p)}`,
        p.values,
      );
      return oneByKey(ids, rows, (r) => r.id);
    },

    list(filter: ExchangeFormatFilter, page: Page): Promise<PageResult<ExchangeFormatRow>> {
      const params = new SqlParams();
      return fetchPage<ExchangeFormatRow>(
        db,
        {
          columns: FORMAT_COLUMNS,
          from: FROM,
          conditions: [...conditions(filter, params), drafts(params)],
          order: ORDER,
          params,
        },
        page,
      );
    },

    /** Per target group: the cross-cutting formats and those addressed to the group. */
    byTargetGroups(codes: readonly string[], filter: ExchangeFormatFilter, page: Page) {
      return pagePerKey(codes, '(f.addresses_all_target_groups OR f.target_groups @> ARRAY[k.key])', filter, page);
    },

    byRessorts(codes: readonly string[], page: Page) {
      return pagePerKey(codes, ressortCondition('k.key', 'ARRAY[k.key]'), {}, page);
    },
  };
}

export type FormatRepository = ReturnType<typeof createFormatRepository>;
