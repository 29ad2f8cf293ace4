import type { DataSource, EntityManager } from 'typeorm';
import { upsertRows } from '../seed/seed-writer';
import type { SeedReport } from '../server/subgraph-module';
import type { Land } from './land';
import { loadLandSeed, type LandSeedFile } from './seed-check';

const PROVENANCE_COLUMNS = { is_example: 'boolean', note: 'text', sources: 'text[]' };

/**
 * The Land's tables and their columns (name → PostgreSQL type, the key first), per list of the
 * seed file. Each column is filled from the seed field of the same name in camelCase
 * (`kreis_ars` ← `kreisArs`); a field a row leaves out is NULL.
 */
const TABLES: Record<keyof Omit<LandSeedFile, '$comment'>, { table: string; columns: Record<string, string> }> = {
  coursePlaces: {
    table: 'course_place',
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
  },
  contactPoints: {
    table: 'contact_point',
    columns: {
      id: 'text',
      kreis_ars: 'text',
      name: 'text',
      services: 'text[]',
      target_groups: 'text[]',
      url: 'text',
      ...PROVENANCE_COLUMNS,
    },
  },
  measureDetails: {
    table: 'measure_details',
    columns: { measure_id: 'text', ars: 'text', facts: 'jsonb', ...PROVENANCE_COLUMNS },
  },
};

const camelCase = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function upsertList(tx: EntityManager, land: Land, seed: LandSeedFile, list: keyof typeof TABLES) {
  const { table, columns } = TABLES[list];
  const rows = (seed[list] as readonly object[]).map((row) => {
    const fields = row as Record<string, unknown>;
    return Object.fromEntries(Object.keys(columns).map((column) => [column, fields[camelCase(column)] ?? null]));
  });
  return upsertRows(tx, { table: `${land.dbSchema}.${table}`, columns, keepEdited: false }, rows);
}

/**
 * Loads the Land's seed file in one transaction. Idempotent: rows are matched by id and
 * refreshed, so a second run changes nothing. (It keeps no editors' changes: this data has no
 * write API here; a Land that adds one keeps `updated_by` like the hub's subgraphs, see
 * seed-writer.)
 */
export async function seedLand(land: Land, file: string, db: DataSource): Promise<SeedReport> {
  const seed = loadLandSeed(land, file);
  return db.transaction(async (tx) => ({
    coursePlaces: await upsertList(tx, land, seed, 'coursePlaces'),
    contactPoints: await upsertList(tx, land, seed, 'contactPoints'),
    measureDetails: await upsertList(tx, land, seed, 'measureDetails'),
  }));
}
