import type { DataSource } from 'typeorm';
import type { Viewer } from '../shared/platform/auth/viewer';
import type { EditableRow } from '../shared/editing/editorial-policy';
import {
  catalogueTableReader,
  draftVisibility,
  type CatalogueTable,
  type DraftVisibility,
} from '../shared/loading/catalogue-table';
import type { Page } from '../shared/loading/paging';
import { GERMAN_COLLATION, type PageResult, type SqlParams } from '../shared/loading/paged-sql';
import type { Area, TargetGroupCode } from '../shared/catalogue/vocabulary';
import type { ResearchOutputFilter } from './output-filter';
import type { MeasureLinkKind, MeasureSubgraph, ResearchOutputType } from './seed-types';

/** Code columns carry a `…Code(s)`/`…Id` name because the GraphQL fields of the same name resolve objects. */
export interface ResearchOutputRow extends EditableRow {
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
  externalId: string | null;
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

/** Analysts and admins see every draft output, an institute's editors those of their institute, others none. */
export function outputDraftVisibility(viewer: Viewer): DraftVisibility {
  const institute = viewer.institute;
  return draftVisibility(viewer, 'o', institute ? (p) => `o.institutes @> ARRAY[${p.add(institute)}::text]` : null);
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

export interface ListArgs {
  filter: ResearchOutputFilter;
  page: Page;
}

export interface MeasureListArgs {
  subgraph: MeasureSubgraph;
  /** null: research linked in any way. */
  kind: MeasureLinkKind | null;
  page: Page;
}

const OUTPUT_TABLE: CatalogueTable<ResearchOutputFilter> = {
  columns: OUTPUT_COLUMNS,
  table: 'research.output',
  alias: 'o',
  /** Newest first; series and panels that have no publication year count from their start. */
  order: `coalesce(o.year, o.year_started) DESC NULLS LAST, o.title COLLATE ${GERMAN_COLLATION}, o.id`,
  filterConditions,
};

/** Reads of research outputs for one caller, who sees the drafts `drafts` admits (see catalogue-table.ts). */
export function createOutputRepository(db: DataSource, drafts: DraftVisibility) {
  const table = catalogueTableReader<ResearchOutputRow, ResearchOutputFilter>(db, OUTPUT_TABLE, drafts);
  return {
    byIds: table.byIds,

    list: (filter: ResearchOutputFilter, page: Page): Promise<PageResult<ResearchOutputRow>> =>
      table.list(filter, page),

    byTargetGroups: ({ filter, page }: ListArgs, codes: readonly string[]) =>
      table.pagePerKey(codes, () => 'o.target_groups @> ARRAY[k.key]', filter, page),

    /** Every output an institute took part in, not only those it leads. */
    byInstitutes: (page: Page, codes: readonly string[]) =>
      table.pagePerKey(codes, () => 'o.institutes @> ARRAY[k.key]', {}, page),

    partsByParents: (page: Page, ids: readonly string[]) => table.pagePerKey(ids, () => 'o.part_of = k.key', {}, page),

    /**
     * Outputs linked to each measure, with one kind of link or (kind null) any. A semi-join rather
     * than a plain join: an output linked to one measure in two ways must still appear once.
     */
    byMeasures: ({ subgraph, kind, page }: MeasureListArgs, measureIds: readonly string[]) =>
      table.pagePerKey(
        measureIds,
        (p) => `EXISTS (
          SELECT 1 FROM research.measure_link l
          WHERE l.output_id = o.id AND l.measure_id = k.key AND l.subgraph = ${p.add(subgraph)}::text
            ${kind === null ? '' : `AND l.kind = ${p.add(kind)}::text`})`,
        {},
        page,
      ),
  };
}

export type OutputRepository = ReturnType<typeof createOutputRepository>;
