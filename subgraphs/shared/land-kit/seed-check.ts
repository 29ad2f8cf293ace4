import { TARGET_GROUP_CODES } from '../catalogue/vocabulary';
import { readSeedFile } from '../seed/seed-files';
import { assertAllOf } from '../seed/seed-validation';
import { ownsPlace, type Land } from './land';
import type { MeasureFact } from './rows';

/**
 * The shape of a Land's seed/data.json and the check it passes before anything is written.
 * DATA HONESTY: every row says whether it is real (`isExample: false`, then `sources` is required)
 * or made up (`isExample: true`, then `note` must say so in words, e.g. "Beispieldaten, erfunden
 * – …"). The check below and the table constraints refuse a row that does neither, and a row of
 * another Land's place or measure.
 */

export interface Provenance {
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

function assertUnique(kind: string, ids: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) fail(id, `appears twice in ${kind}`);
    seen.add(id);
  }
}

/** The checks that depend on which Land the file belongs to. */
function landChecks(land: Land) {
  const ownPrefix = `measure:land:${land.namespace}:`;
  /** Another Land's measure (measure:land:<other>:…) is never this Land's to describe. */
  const assertNotOtherLandsMeasure = (id: string, measureId: string) => {
    if (measureId.startsWith('measure:land:') && !measureId.startsWith(ownPrefix))
      fail(id, `${measureId} is another Land's measure`);
  };
  return {
    assertNotOtherLandsMeasure,
    /** A Land's subgraph holds only its own Land's data: another Land's place is refused. */
    assertKreisOfLand(id: string, ars: string) {
      if (!/^\d{5}$/.test(ars) || !ownsPlace(land, ars))
        fail(id, `kreisArs "${ars}" is not a Kreis of ${land.name} (${land.ars})`);
    },
    /** Own measures only: a Land measure of this Land (measure:land:<namespace>:…) or a Kommune's in it. */
    assertOwnMeasure(id: string, measureId: string, ars: string) {
      if (!ownsPlace(land, ars)) fail(id, `ars "${ars}" is not ${land.name} (${land.ars}) or one of its Kreise`);
      assertNotOtherLandsMeasure(id, measureId);
      if (ars.length === 2 && !measureId.startsWith(ownPrefix))
        fail(id, `a Land measure's id starts with ${ownPrefix}`);
    },
  };
}

/** Reads and checks the Land's seed file; throws on the first row the Land may not hold. */
export function loadLandSeed(land: Land, file: string): LandSeedFile {
  const seed = readSeedFile<LandSeedFile>(file);
  const check = landChecks(land);
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
    check.assertKreisOfLand(r.id, r.kreisArs);
    assertAllOf(r.id, 'targetGroups', r.targetGroups, TARGET_GROUP_CODES);
    if (!Number.isInteger(r.seats) || r.seats < 0) fail(r.id, `seats must be a whole number ≥ 0, got ${r.seats}`);
    if (r.measureId) check.assertNotOtherLandsMeasure(r.id, r.measureId);
  }
  for (const r of seed.contactPoints) {
    assertHonest(r.id, r);
    check.assertKreisOfLand(r.id, r.kreisArs);
    assertAllOf(r.id, 'targetGroups', r.targetGroups, TARGET_GROUP_CODES);
  }
  for (const r of seed.measureDetails) {
    assertHonest(r.measureId, r);
    check.assertOwnMeasure(r.measureId, r.measureId, r.ars);
    for (const f of r.facts) if (!f.label || !f.text) fail(r.measureId, 'every fact needs a label and a text');
  }
  return seed;
}
