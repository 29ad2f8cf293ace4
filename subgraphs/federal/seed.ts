import path from 'node:path';
import type { DataSource } from 'typeorm';
import { readSeedFile } from '../shared/seed/seed-files';
import { MEASURE_BASE_COLUMNS, validateMeasureBase } from '../shared/seed/measure-seed';
import type { Marked } from '../shared/seed/record-columns';
import { askedSynthetic, replaceSyntheticRows } from '../shared/seed/seed-run';
import { seedTable } from '../shared/seed/seed-table';
import type { FederalMeasureSeed, RessortSeed } from '../shared/seed/seed-types';
import { assertOneOf } from '../shared/seed/seed-validation';
import { upsertRows } from '../shared/seed/seed-writer';
import type { SeedOptions, SeedReport } from '../shared/server/subgraph-module';
import { GRUNDANGEBOT_BLOCKS, TARGET_GROUPS, type TargetGroupDefinition } from '../shared/catalogue/vocabulary';
import { syntheticFederalMeasures } from './synthetic';

const SEED_DIR = path.join(__dirname, 'seed');

const MEASURE_TABLE = seedTable<Marked<FederalMeasureSeed>>()({
  table: 'federal.measure',
  keepEdited: true,
  columns: {
    ...MEASURE_BASE_COLUMNS,
    grundangebot: 'text',
    owner_code: { type: 'text', from: (m) => m.owner },
    implementers: 'jsonb',
    napi_phases: 'text[]',
    eligibility_rules: 'jsonb',
  },
});

/** The guideline's target groups, in its order; always as the vocabulary says (no editor changes them). */
const TARGET_GROUP_TABLE = seedTable<TargetGroupDefinition & { sortOrder: number }>()({
  table: 'federal.target_group',
  keepEdited: false,
  columns: {
    code: 'text',
    category: 'text',
    label_de: 'text',
    label_en: 'text',
    guideline_reference: 'text',
    sort_order: 'int',
  },
});

/** The Ressorts in the seed file's order; rows an editor has changed are kept. */
const RESSORT_TABLE = seedTable<RessortSeed & { sortOrder: number }>()({
  table: 'federal.ressort',
  keepEdited: true,
  columns: {
    code: 'text',
    name: 'text',
    kind: 'text',
    parent_code: { type: 'text', from: (r) => r.parent ?? null },
    seat: 'text',
    napi_forum_lead: 'boolean',
    notes: 'text',
    sources: 'text[]',
    verified: 'boolean',
    sort_order: 'int',
  },
});

export function loadRessortSeed(): RessortSeed[] {
  return readSeedFile<RessortSeed[]>(path.join(SEED_DIR, 'ressorts.json'));
}

export function loadMeasureSeed(): FederalMeasureSeed[] {
  return readSeedFile<FederalMeasureSeed[]>(path.join(SEED_DIR, 'measures.json'));
}

/** Validates a seed record and turns it into a row of federal.measure. */
export function measureRow(m: FederalMeasureSeed, ressorts: ReadonlySet<string>, synthetic = false) {
  assertOneOf(m.id, 'grundangebot', m.grundangebot, GRUNDANGEBOT_BLOCKS);
  for (const code of [m.owner, ...m.implementers.flatMap((i) => (i.ressort ? [i.ressort] : []))]) {
    if (!ressorts.has(code)) throw new Error(`Seed record ${m.id}: unknown Ressort "${code}"`);
  }
  validateMeasureBase(m);
  return MEASURE_TABLE.row({ ...m, synthetic });
}

/**
 * Loads the vocabulary, the Ressorts and the federal measures. Idempotent; rows an editor has
 * changed are kept. `synthetic.federalMeasures` adds that many generated, clearly marked records.
 */
export async function seedFederal(db: DataSource, options: SeedOptions = {}): Promise<SeedReport> {
  const ressorts = loadRessortSeed();
  const measures = loadMeasureSeed();
  const ressortCodes = new Set(ressorts.map((r) => r.code));
  const rows = measures.map((m) => measureRow(m, ressortCodes));
  const synthetic = askedSynthetic(options, 'federalMeasures', (count) =>
    syntheticFederalMeasures(measures, count).map((m) => measureRow(m, ressortCodes, true)),
  );

  const report = await db.transaction(async (tx) => {
    const report: SeedReport = {};
    report['targetGroups'] = await upsertRows(
      tx,
      TARGET_GROUP_TABLE,
      TARGET_GROUPS.map((g, i) => TARGET_GROUP_TABLE.row({ ...g, sortOrder: i + 1 })),
    );
    report['ressorts'] = await upsertRows(
      tx,
      RESSORT_TABLE,
      ressorts.map((r, i) => RESSORT_TABLE.row({ ...r, sortOrder: i + 1 })),
    );
    report['measures'] = await upsertRows(tx, MEASURE_TABLE, rows);
    if (synthetic) report['syntheticMeasures'] = await replaceSyntheticRows(tx, MEASURE_TABLE, synthetic);
    return report;
  });
  // Fresh statistics after a bulk load, or the planner takes the table for as small as it was.
  if (synthetic?.length) await db.query('ANALYZE federal.measure');
  return report;
}
