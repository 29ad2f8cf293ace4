import type { DataSource } from 'typeorm';
import { oneByKey } from '../shared/batch';
import type { Page } from '../shared/paging';
import { fetchPage, fetchPagePerKey, GERMAN_COLLATION, SqlParams, type PageResult } from '../shared/sql';
import type { Area, TargetGroupCode } from '../shared/vocabulary';
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
}

const COLUMNS = `
  o.id, o.title, o.type, o.series, o.number, o.year, o.year_started AS "yearStarted",
  o.published_on AS "publishedOn", o.authors, o.editors, o.doi, o.url,
  o.lead_institute AS "leadInstituteCode", o.institutes AS "instituteCodes", o.publishers,
  o.publisher_ressorts AS "publisherRessortCodes", o.commissioned_by AS "commissionedBy",
  o.funded_by AS "fundedBy", o.areas, o.target_groups AS "targetGroups",
  o.detailed_target_groups AS "detailedTargetGroups", o.part_of AS "partOfId", o.facts, o.notes,
  o.sources, o.verified`;

const FROM = 'research.output o';

/** Newest first; series and panels that have no publication year count from their start. */
const ORDER = `coalesce(o.year, o.year_started) DESC NULLS LAST, o.title COLLATE ${GERMAN_COLLATION}, o.id`;

function filterConditions(filter: ResearchOutputFilter, p: SqlParams): string[] {
  const where: string[] = [];
  if (filter.areas) where.push(`o.areas && ${p.add(filter.areas)}::text[]`);
  if (filter.targetGroups) where.push(`o.target_groups && ${p.add(filter.targetGroups)}::text[]`);
  if (filter.institutes) where.push(`o.institutes && ${p.add(filter.institutes)}::text[]`);
  if (filter.types) where.push(`o.type = ANY(${p.add(filter.types)}::text[])`);
  if (filter.fromYear !== undefined) where.push(`coalesce(o.year, o.year_started) >= ${p.add(filter.fromYear)}::int`);
  if (filter.toYear !== undefined) where.push(`coalesce(o.year, o.year_started) <= ${p.add(filter.toYear)}::int`);
  return where;
}

export async function outputsByIds(db: DataSource, ids: readonly string[]): Promise<(ResearchOutputRow | null)[]> {
  const rows: ResearchOutputRow[] = await db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE o.id = ANY($1::text[])`, [
    ids,
  ]);
  return oneByKey(ids, rows, (r) => r.id);
}

export function listOutputs(
  db: DataSource,
  filter: ResearchOutputFilter,
  page: Page,
): Promise<PageResult<ResearchOutputRow>> {
  const params = new SqlParams();
  return fetchPage<ResearchOutputRow>(
    db,
    { columns: COLUMNS, from: FROM, conditions: filterConditions(filter, params), order: ORDER, params },
    page,
  );
}

/** One page per key; `keyCondition` refers to the key as `k.key`. */
function pagePerKey(
  db: DataSource,
  keys: readonly string[],
  keyCondition: (p: SqlParams) => string,
  filter: ResearchOutputFilter,
  page: Page,
): Promise<ResearchOutputRow[][]> {
  return fetchPagePerKey<ResearchOutputRow>(
    db,
    keys,
    (p) => ({
      columns: COLUMNS,
      from: FROM,
      conditions: [keyCondition(p), ...filterConditions(filter, p)],
      order: ORDER,
    }),
    page,
  );
}

export function outputsByTargetGroups(
  db: DataSource,
  codes: readonly string[],
  filter: ResearchOutputFilter,
  page: Page,
): Promise<ResearchOutputRow[][]> {
  return pagePerKey(db, codes, () => 'o.target_groups @> ARRAY[k.key]', filter, page);
}

/** Every output an institute took part in, not only those it leads. */
export function outputsByInstitutes(
  db: DataSource,
  codes: readonly string[],
  page: Page,
): Promise<ResearchOutputRow[][]> {
  return pagePerKey(db, codes, () => 'o.institutes @> ARRAY[k.key]', {}, page);
}

export function partsByParents(db: DataSource, ids: readonly string[], page: Page): Promise<ResearchOutputRow[][]> {
  return pagePerKey(db, ids, () => 'o.part_of = k.key', {}, page);
}

/**
 * Outputs linked to each measure, with one kind of link or (kind null) any. A semi-join rather
 * than a plain join: an output linked to one measure in two ways must still appear once.
 */
export function outputsByMeasures(
  db: DataSource,
  measureIds: readonly string[],
  subgraph: MeasureSubgraph,
  kind: MeasureLinkKind | null,
  page: Page,
): Promise<ResearchOutputRow[][]> {
  return pagePerKey(
    db,
    measureIds,
    (p) => `EXISTS (
      SELECT 1 FROM research.measure_link l
      WHERE l.output_id = o.id AND l.measure_id = k.key AND l.subgraph = ${p.add(subgraph)}::text
        ${kind === null ? '' : `AND l.kind = ${p.add(kind)}::text`})`,
    {},
    page,
  );
}
