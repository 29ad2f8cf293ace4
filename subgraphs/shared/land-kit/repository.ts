import type { DataSource } from 'typeorm';
import { oneByKey } from '../loading/batch';
import type { Page } from '../loading/paging';
import { fetchPagePerKey, GERMAN_COLLATION } from '../loading/paged-sql';
import type { ContactPointRow, CoursePlaceCountRow, CoursePlaceRow, MeasureDetailsRow } from './rows';

/**
 * Every read of a Land's tables, each one statement for a whole batch of keys: the loaders call
 * these once per request and argument set, never once per parent row. `schema` is the Land's
 * own PostgreSQL schema (land.ts: `dbSchema`); nothing here reads another.
 */

const COURSE_PLACE_COLUMNS = `id, kreis_ars AS "kreisArs", measure_id AS "measureId", course, provider, seats,
  groups, period, target_groups AS "targetGroups", is_example AS "isExample", note, sources`;

const CONTACT_POINT_COLUMNS = `id, kreis_ars AS "kreisArs", name, services, target_groups AS "targetGroups", url,
  is_example AS "isExample", note, sources`;

/**
 * One page of a table's rows per place: a Kreis ("09564") gets its own, the Land ("09") those of
 * all its Kreise, ordered by Kreis, then `sortColumn`. The callers pass only places of this Land
 * (see `ownsPlace`).
 */
function pagePerPlace<Row>(db: DataSource, table: string, columns: string, sortColumn: string) {
  return (places: readonly string[], page: Page): Promise<Row[][]> =>
    fetchPagePerKey<Row>(
      db,
      places,
      () => ({
        columns,
        from: table,
        conditions: ['starts_with(kreis_ars, k.key)'],
        order: `kreis_ars, ${sortColumn} COLLATE ${GERMAN_COLLATION}, id`,
      }),
      page,
    );
}

export function coursePlacesByPlaces(db: DataSource, schema: string) {
  return pagePerPlace<CoursePlaceRow>(db, `${schema}.course_place`, COURSE_PLACE_COLUMNS, 'course');
}

export function contactPointsByPlaces(db: DataSource, schema: string) {
  return pagePerPlace<ContactPointRow>(db, `${schema}.contact_point`, CONTACT_POINT_COLUMNS, 'name');
}

/** Course rows and seats per target group within one place of this Land (all of it: its ARS). */
export async function coursePlaceCounts(
  db: DataSource,
  schema: string,
  ars: string,
  codes: readonly string[],
): Promise<CoursePlaceCountRow[]> {
  const rows = await db.query<CoursePlaceCountRow[]>(
    `SELECT c.code, $2::text AS ars, count(cp.id)::int AS "coursePlaces",
            coalesce(sum(cp.seats), 0)::int AS seats,
            coalesce(bool_or(cp.is_example), false) AS "includesExampleData"
     FROM unnest($1::text[]) AS c(code)
     LEFT JOIN ${schema}.course_place cp ON c.code = ANY (cp.target_groups) AND starts_with(cp.kreis_ars, $2::text)
     GROUP BY c.code`,
    [codes, ars],
  );
  return oneByKey(codes, rows, (r) => r.code).map(
    (row, i) => row ?? { code: codes[i] ?? '', ars, coursePlaces: 0, seats: 0, includesExampleData: false },
  );
}

/** Details by measure id; ids this Land keeps nothing for (every other Land's) come back null. */
export async function measureDetailsByIds(
  db: DataSource,
  schema: string,
  ids: readonly string[],
): Promise<(MeasureDetailsRow | null)[]> {
  const rows = await db.query<MeasureDetailsRow[]>(
    `SELECT measure_id AS "measureId", ars, facts, is_example AS "isExample", note, sources
     FROM ${schema}.measure_details WHERE measure_id = ANY ($1::text[])`,
    [ids],
  );
  return oneByKey(ids, rows, (r) => r.measureId);
}
