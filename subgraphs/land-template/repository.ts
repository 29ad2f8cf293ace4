import type { DataSource } from 'typeorm';
import { oneByKey } from '../shared/loading/batch';
import type { Page } from '../shared/loading/paging';
import { fetchPagePerKey, GERMAN_COLLATION } from '../shared/loading/paged-sql';

/**
 * Every read of the Land's tables, each one statement for a whole batch of keys: the loaders
 * call these once per request and argument set, never once per parent row.
 */

export interface CoursePlaceRow {
  id: string;
  kreisArs: string;
  measureId: string | null;
  course: string;
  provider: string | null;
  seats: number;
  groups: number | null;
  period: string | null;
  targetGroups: string[];
  isExample: boolean;
  note: string | null;
  sources: string[];
}

export interface ContactPointRow {
  id: string;
  kreisArs: string;
  name: string;
  services: string[];
  targetGroups: string[];
  url: string | null;
  isExample: boolean;
  note: string | null;
  sources: string[];
}

export interface CoursePlaceCountRow {
  code: string;
  ars: string;
  coursePlaces: number;
  seats: number;
  includesExampleData: boolean;
}

export interface MeasureFact {
  label: string;
  value?: number | null;
  unit?: string | null;
  approximate?: boolean;
  period?: string | null;
  example?: string | null;
  text: string;
}

export interface MeasureDetailsRow {
  measureId: string;
  ars: string;
  facts: MeasureFact[];
  isExample: boolean;
  note: string | null;
  sources: string[];
}

const COURSE_PLACE_COLUMNS = `id, kreis_ars AS "kreisArs", measure_id AS "measureId", course, provider, seats,
  groups, period, target_groups AS "targetGroups", is_example AS "isExample", note, sources`;

const CONTACT_POINT_COLUMNS = `id, kreis_ars AS "kreisArs", name, services, target_groups AS "targetGroups", url,
  is_example AS "isExample", note, sources`;

/**
 * One page of course places per place: a Kreis ("09564") gets its own, the Land ("09") those of
 * all its Kreise. The callers pass only places of this Land (see `ownsPlace`).
 */
export function coursePlacesByPlaces(
  db: DataSource,
  places: readonly string[],
  page: Page,
): Promise<CoursePlaceRow[][]> {
  return fetchPagePerKey<CoursePlaceRow>(
    db,
    places,
    () => ({
      columns: COURSE_PLACE_COLUMNS,
      from: 'land_xx.course_place',
      conditions: ['starts_with(kreis_ars, k.key)'],
      order: `kreis_ars, course COLLATE ${GERMAN_COLLATION}, id`,
    }),
    page,
  );
}

export function contactPointsByPlaces(
  db: DataSource,
  places: readonly string[],
  page: Page,
): Promise<ContactPointRow[][]> {
  return fetchPagePerKey<ContactPointRow>(
    db,
    places,
    () => ({
      columns: CONTACT_POINT_COLUMNS,
      from: 'land_xx.contact_point',
      conditions: ['starts_with(kreis_ars, k.key)'],
      order: `kreis_ars, name COLLATE ${GERMAN_COLLATION}, id`,
    }),
    page,
  );
}

/** Course rows and seats per target group within one place of this Land (all of it: its ARS). */
export async function coursePlaceCounts(
  db: DataSource,
  ars: string,
  codes: readonly string[],
): Promise<CoursePlaceCountRow[]> {
  const rows = await db.query<CoursePlaceCountRow[]>(
    `SELECT c.code, $2::text AS ars, count(cp.id)::int AS "coursePlaces",
            coalesce(sum(cp.seats), 0)::int AS seats,
            coalesce(bool_or(cp.is_example), false) AS "includesExampleData"
     FROM unnest($1::text[]) AS c(code)
     LEFT JOIN land_xx.course_place cp ON c.code = ANY (cp.target_groups) AND starts_with(cp.kreis_ars, $2::text)
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
  ids: readonly string[],
): Promise<(MeasureDetailsRow | null)[]> {
  const rows = await db.query<MeasureDetailsRow[]>(
    `SELECT measure_id AS "measureId", ars, facts, is_example AS "isExample", note, sources
     FROM land_xx.measure_details WHERE measure_id = ANY ($1::text[])`,
    [ids],
  );
  return oneByKey(ids, rows, (r) => r.measureId);
}
