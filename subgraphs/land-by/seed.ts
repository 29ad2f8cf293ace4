import path from 'node:path';
import type { DataSource } from 'typeorm';
import { readSeedFile } from '../shared/seed/seed-files';
import { assertAllOf } from '../shared/seed/seed-validation';
import { upsertRows } from '../shared/seed/seed-writer';
import type { SeedReport } from '../shared/server/subgraph-module';
import { TARGET_GROUP_CODES } from '../shared/catalogue/vocabulary';
import { LAND, ownsPlace } from './land';
import type { MeasureFact } from './repository';

/**
 * The Land's data: seed/data.json. DATA HONESTY: every row says whether it is real
 * (`isExample: false`, then `sources` is required) or made up (`isExample: true`, then `note`
 * must say so in words, e.g. "Beispieldaten, erfunden – …"). The check below and the table
 * constraints refuse a row that does neither.
 */
export const SEED_FILE = path.join(__dirname, 'seed', 'data.json');

interface Provenance {
  isExample: boolean;
  note?: string;
  sources: string[];
}

export interface CoursePlaceSeed extends Provenance {
  id: string;
  kreisArs: string;
  measureId?: string;
  course: string;
  provider?: string;
  seats: number;
  groups?: number;
  period?: string;
  targetGroups: string[];
}

export interface ContactPointSeed extends Provenance {
  id: string;
  kreisArs: string;
  name: string;
  services: string[];
  targetGroups: string[];
  url?: string;
}

export interface MeasureDetailsSeed extends Provenance {
  measureId: string;
  /** The Land ("09") or Kreis ("09564") the measure belongs to, as in the catalogue. */
  ars: string;
  facts: MeasureFact[];
}

export interface LandSeedFile {
  $comment?: string;
  coursePlaces: CoursePlaceSeed[];
  contactPoints: ContactPointSeed[];
  measureDetails: MeasureDetailsSeed[];
}

function fail(id: string, message: string): never {
  throw new Error(`Seed record ${id}: ${message}`);
}

function assertHonest(id: string, row: Provenance): void {
  if (typeof row.isExample !== 'boolean') fail(id, 'isExample must be true (made up) or false (real)');
  if (row.isExample && !row.note?.trim()) fail(id, 'a made-up row needs a note that says so');
  if (!row.isExample && row.sources.length === 0) fail(id, 'a real row needs its sources');
}

/** A Land's subgraph holds only its own Land's data: another Land's place is refused. */
function assertKreisOfLand(id: string, ars: string): void {
  if (!/^\d{5}$/.test(ars) || !ownsPlace(ars))
    fail(id, `kreisArs "${ars}" is not a Kreis of ${LAND.name} (${LAND.ars})`);
}

function assertUnique(kind: string, ids: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) fail(id, `appears twice in ${kind}`);
    seen.add(id);
  }
}

/** Another Land's measure (measure:land:<other>:…) is never this Land's to describe. */
function assertNotOtherLandsMeasure(id: string, measureId: string): void {
  const ownPrefix = `measure:land:${LAND.namespace}:`;
  if (measureId.startsWith('measure:land:') && !measureId.startsWith(ownPrefix))
    fail(id, `${measureId} is another Land's measure`);
}

/** Own measures only: a Land measure of this Land (measure:land:by:…) or a Kommune's in it. */
function assertOwnMeasure(id: string, measureId: string, ars: string): void {
  if (!ownsPlace(ars)) fail(id, `ars "${ars}" is not ${LAND.name} (${LAND.ars}) or one of its Kreise`);
  assertNotOtherLandsMeasure(id, measureId);
  const ownPrefix = `measure:land:${LAND.namespace}:`;
  if (ars.length === 2 && !measureId.startsWith(ownPrefix)) fail(id, `a Land measure's id starts with ${ownPrefix}`);
}

export function loadLandSeed(file = SEED_FILE): LandSeedFile {
  const seed = readSeedFile<LandSeedFile>(file);
  assertUnique(
    'coursePlaces',
    seed.coursePlaces.map((r) => r.id),
  );
  assertUnique(
    'contactPoints',
    seed.contactPoints.map((r) => r.id),
  );
  assertUnique(
    'measureDetails',
    seed.measureDetails.map((r) => r.measureId),
  );
  for (const r of seed.coursePlaces) {
    assertHonest(r.id, r);
    assertKreisOfLand(r.id, r.kreisArs);
    assertAllOf(r.id, 'targetGroups', r.targetGroups, TARGET_GROUP_CODES);
    if (!Number.isInteger(r.seats) || r.seats < 0) fail(r.id, `seats must be a whole number ≥ 0, got ${r.seats}`);
    if (r.measureId) assertNotOtherLandsMeasure(r.id, r.measureId);
  }
  for (const r of seed.contactPoints) {
    assertHonest(r.id, r);
    assertKreisOfLand(r.id, r.kreisArs);
    assertAllOf(r.id, 'targetGroups', r.targetGroups, TARGET_GROUP_CODES);
  }
  for (const r of seed.measureDetails) {
    assertHonest(r.measureId, r);
    assertOwnMeasure(r.measureId, r.measureId, r.ars);
    for (const f of r.facts) if (!f.label || !f.text) fail(r.measureId, 'every fact needs a label and a text');
  }
  return seed;
}

const PROVENANCE_COLUMNS = { is_example: 'boolean', note: 'text', sources: 'text[]' };

const provenance = (r: Provenance) => ({ is_example: r.isExample, note: r.note ?? null, sources: r.sources });

/**
 * Loads seed/data.json in one transaction. Idempotent: rows are matched by id and refreshed, so
 * a second run changes nothing. (It keeps no editors' changes: this data has no write
 * API here; a Land that adds one keeps `updated_by` like the hub's subgraphs, see seed-writer.)
 */
export async function seedLandBy(db: DataSource): Promise<SeedReport> {
  const seed = loadLandSeed();
  return db.transaction(async (tx) => ({
    coursePlaces: await upsertRows(
      tx,
      {
        table: 'land_by.course_place',
        columns: {
          id: 'text',
          kreis_ars: 'text',
          measure_id: 'text',
          course: 'text',
          provider: 'text',
          seats: 'int',
          groups: 'int',
          period: 'text',
          target_groups: 'text[]',
          ...PROVENANCE_COLUMNS,
        },
        keepEdited: false,
      },
      seed.coursePlaces.map((r) => ({
        id: r.id,
        kreis_ars: r.kreisArs,
        measure_id: r.measureId ?? null,
        course: r.course,
        provider: r.provider ?? null,
        seats: r.seats,
        groups: r.groups ?? null,
        period: r.period ?? null,
        target_groups: r.targetGroups,
        ...provenance(r),
      })),
    ),
    contactPoints: await upsertRows(
      tx,
      {
        table: 'land_by.contact_point',
        columns: {
          id: 'text',
          kreis_ars: 'text',
          name: 'text',
          services: 'text[]',
          target_groups: 'text[]',
          url: 'text',
          ...PROVENANCE_COLUMNS,
        },
        keepEdited: false,
      },
      seed.contactPoints.map((r) => ({
        id: r.id,
        kreis_ars: r.kreisArs,
        name: r.name,
        services: r.services,
        target_groups: r.targetGroups,
        url: r.url ?? null,
        ...provenance(r),
      })),
    ),
    measureDetails: await upsertRows(
      tx,
      {
        table: 'land_by.measure_details',
        columns: { measure_id: 'text', ars: 'text', facts: 'jsonb', ...PROVENANCE_COLUMNS },
        keepEdited: false,
      },
      seed.measureDetails.map((r) => ({ measure_id: r.measureId, ars: r.ars, facts: r.facts, ...provenance(r) })),
    ),
  }));
}
