import type { DataSource } from 'typeorm';
import { isAdmin } from '../shared/platform/auth/permissions';
import { hasRole, type Viewer } from '../shared/platform/auth/viewer';
import { oneByKey } from '../shared/loading/batch';
import type { DraftVisibility } from '../shared/catalogue/offer-sql';
import type { Page } from '../shared/loading/paging';
import { fetchPage, fetchPagePerKey, GERMAN_COLLATION, SqlParams, type PageResult } from '../shared/loading/paged-sql';
import type { Area, TargetGroupCode } from '../shared/catalogue/vocabulary';
import type { ResearchOutputFilter } from './output-filter';
import type { MeasureLinkKind, MeasureSubgraph, ResearchOutputType } from './seed-types';

/** Code columns carry a `…Code(s)`/`…Id` name because the GraphQL fields of the same name resolve objects. */
export interface ResearchOutputRow {
  id: string;
  title: string;
  type: ResearchOutputType;
  series: string | null;
  number: string | null;
  year: number | null;
  yearStarted: number | null;
  publishedOn: string | null;
  authors: string[];
  editors: string[];
  doi: string | null;
  url: string | null;
  leadInstituteCode: string | null;
  instituteCodes: string[];
  publishers: string[];
  publisherRessortCodes: string[];
  commissionedBy: string | null;
  fundedBy: string[];
  areas: Area[];
  targetGroups: TargetGroupCode[];
  detailedTargetGroups: string[];
  partOfId: string | null;
  facts: string[];
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

export const OUTPUT_COLUMNS = `
  o.id, o.title, o.type, o.series, o.number, o.year, o.year_started AS "yearStarted",
  o.published_on AS "publishedOn", o.authors, o.editors, o.doi, o.url,
  o.lead_institute AS "leadInstituteCode", o.institutes AS "instituteCodes", o.publishers,
  o.publisher_ressorts AS "publisherRessortCodes", o.commissioned_by AS "commissionedBy",
  o.funded_by AS "fundedBy", o.areas, o.target_groups AS "targetGroups",
  o.detailed_target_groups AS "detailedTargetGroups", o.part_of AS "partOfId", o.facts, o.notes,
  o.sources, o.verified, o.version, o.external_id AS "externalId", o.draft, o.archived_at AS "archivedAt",
  o.archive_reason AS "archiveReason", o.last_reviewed_at AS "lastReviewedAt",
  o.last_reviewed_by AS "lastReviewedBy", o.updated_at AS "updatedAt"`;

const FROM = 'research.output o';

/** Newest first; series and panels that have no publication year count from their start. */
const ORDER = `coalesce(o.year, o.year_started) DESC NULLS LAST, o.title COLLATE ${GERMAN_COLLATION}, o.id`;

/**
 * Which drafts a caller sees, as SQL on the output aliased `o` (as shared/offer-sql.ts does for
 * measures): analysts and admins all, an institute's editors those of their institute, others
 * none. Published outputs are always visible.
 */
export function outputDraftVisibility(viewer: Viewer): DraftVisibility {
  if (isAdmin(viewer) || hasRole(viewer, 'analyst')) return () => 'true';
  const institute = viewer.institute;
  if (hasRole(viewer, 'editor') && institute) {
    return (p) => `(NOT o.draft OR o.institutes @> ARRAY[${p.add(institute)}::text])`;
  }
  return () => 'NOT o.draft';
}

function filterConditions(filter: ResearchOutputFilter, p: SqlParams): string[] {
  const where: string[] = [];
  if (!filter.includeArchived) where.push('o.archived_at IS NULL');
  if (filter.areas) where.push(`o.areas && ${p.add(filter.areas)}::text[]`);
  if (filter.targetGroups) where.push(`o.target_groups && ${p.add(filter.targetGroups)}::text[]`);
  if (filter.institutes) where.push(`o.institutes && ${p.add(filter.institutes)}::text[]`);
  if (filter.types) where.push(`o.type = ANY(${p.add(filter.types)}::text[])`);
  if (filter.fromYear !== undefined) where.push(`coalesce(o.year, o.year_started) >= ${p.add(filter.fromYear)}::int`);
  if (filter.toYear !== undefined) where.push(`coalesce(o.year, o.year_started) <= ${p.add(filter.toYear)}::int`);
  return where;
}

/**
 * Reads of research outputs for one caller: every statement applies the caller's draft
 * visibility, so a draft never leaks through a list, a relation or an entity reference. Lists
 * leave archived outputs out unless the filter asks for them; by id they stay readable.
 */
export function createOutputRepository(db: DataSource, drafts: DraftVisibility) {
  /** One page per key; `keyCondition` refers to the key as `k.key`. */
  function pagePerKey(
    keys: readonly string[],
    keyCondition: (p: SqlParams) => string,
    filter: ResearchOutputFilter,
    page: Page,
  ): Promise<ResearchOutputRow[][]> {
    return fetchPagePerKey<ResearchOutputRow>(
      db,
      keys,
      (p) => ({
        columns: OUTPUT_COLUMNS,
        from: FROM,
        conditions: [keyCondition(p), ...filterConditions(filter, p), drafts(p)],
        order: ORDER,
      }),
      page,
    );
  }

  return {
    /** By id, archived ones included (links to them must keep working); drafts only if visible. */
    async byIds(ids: readonly string[]): Promise<(ResearchOutputRow | null)[]> {
      const p = new SqlParams();
      const rows: ResearchOutputRow[] = await db.query(
        `SELECT ${OUTPUT_COLUMNS} FROM ${FROM} WHERE o.id = ANY(${p.add(ids)}::text[]) AND ${drafts(p)}`,
        p.values,
      );
      return oneByKey(ids, rows, (r) => r.id);
    },

    list(filter: ResearchOutputFilter, page: Page): Promise<PageResult<ResearchOutputRow>> {
      const params = new SqlParams();
      return fetchPage<ResearchOutputRow>(
        db,
        {
          columns: OUTPUT_COLUMNS,
          from: FROM,
          conditions: [...filterConditions(filter, params), drafts(params)],
          order: ORDER,
          params,
        },
        page,
      );
    },

    byTargetGroups(codes: readonly string[], filter: ResearchOutputFilter, page: Page) {
      return pagePerKey(codes, () => 'o.target_groups @> ARRAY[k.key]', filter, page);
    },

    /** Every output an institute took part in, not only those it leads. */
    byInstitutes(codes: readonly string[], page: Page) {
      return pagePerKey(codes, () => 'o.institutes @> ARRAY[k.key]', {}, page);
    },

    partsByParents(ids: readonly string[], page: Page) {
      return pagePerKey(ids, () => 'o.part_of = k.key', {}, page);
    },

    /**
     * Outputs linked to each measure, with one kind of link or (kind null) any. A semi-join rather
     * than a plain join: an output linked to one measure in two ways must still appear once.
     */
    byMeasures(measureIds: readonly string[], subgraph: MeasureSubgraph, kind: MeasureLinkKind | null, page: Page) {
      return pagePerKey(
        measureIds,
        (p) => `EXISTS (
          SELECT 1 FROM research.measure_link l
          WHERE l.output_id = o.id AND l.measure_id = k.key AND l.subgraph = ${p.add(subgraph)}::text
            ${kind === null ? '' : `AND l.kind = ${p.add(kind)}::text`})`,
        {},
        page,
      );
    },
  };
}

export type OutputRepository = ReturnType<typeof createOutputRepository>;
