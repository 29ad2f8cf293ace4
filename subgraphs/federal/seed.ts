import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { readSeedFile } from '../shared/seed/seed-files';
import { MEASURE_BASE_COLUMNS, measureBaseRow } from '../shared/seed/measure-seed';
import type { FederalMeasureSeed, RessortSeed } from '../shared/seed/seed-types';
import { assertOneOf } from '../shared/seed/seed-validation';
import { upsertRows } from '../shared/seed/seed-writer';
import type { SeedOptions, SeedReport } from '../shared/server/subgraph-module';
import { GRUNDANGEBOT_BLOCKS, TARGET_GROUPS } from '../shared/catalogue/vocabulary';
import { syntheticFederalMeasures } from './synthetic';

const SEED_DIR = path.join(__dirname, 'seed');

const MEASURE_COLUMNS = {
  ...MEASURE_BASE_COLUMNS,
  grundangebot: 'text',
  owner_code: 'text',
  implementers: 'jsonb',
  napi_phases: 'text[]',
  eligibility_rules: 'jsonb',
};

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
  return {
    ...measureBaseRow(m, synthetic),
    grundangebot: m.grundangebot,
    owner_code: m.owner,
    implementers: m.implementers,
    napi_phases: m.napiPhases,
    eligibility_rules: m.eligibilityRules,
  };
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
  const syntheticCount = options.synthetic?.['federalMeasures'];
  const synthetic =
    syntheticCount === undefined
      ? []
      : syntheticFederalMeasures(measures, syntheticCount).map((m) => measureRow(m, ressortCodes, true));

  const report = await db.transaction(async (tx) => {
    const report: SeedReport = {};
    report['targetGroups'] = await upsertTargetGroups(tx);
    report['ressorts'] = await upsertRessorts(tx, ressorts);
    report['measures'] = await upsertRows(
      tx,
      { table: 'federal.measure', columns: MEASURE_COLUMNS, keepEdited: true },
      rows,
    );
    if (syntheticCount !== undefined) {
      await tx.query('DELETE FROM federal.measure WHERE synthetic');
      report['syntheticMeasures'] = await upsertRows(
        tx,
        { table: 'federal.measure', columns: MEASURE_COLUMNS, keepEdited: true },
        synthetic,
      );
    }
    return report;
  });
  // Fresh statistics after a bulk load, or the planner takes the table for as small as it was.
  if (syntheticCount) await db.query('ANALYZE federal.measure');
  return report;
}

/** The guideline's target groups, in its order; always as the vocabulary says (no editor changes them). */
function upsertTargetGroups(tx: EntityManager): Promise<number> {
  return upsertRows(
    tx,
    {
      table: 'federal.target_group',
      columns: {
        code: 'text',
        category: 'text',
        label_de: 'text',
        label_en: 'text',
        guideline_reference: 'text',
        sort_order: 'int',
      },
      keepEdited: false,
    },
    TARGET_GROUPS.map((g, i) => ({
      code: g.code,
      category: g.category,
      label_de: g.labelDe,
      label_en: g.labelEn,
      guideline_reference: g.guidelineReference,
      sort_order: i + 1,
    })),
  );
}

/** The Ressorts in the seed file's order; rows an editor has changed are kept. */
function upsertRessorts(tx: EntityManager, ressorts: readonly RessortSeed[]): Promise<number> {
  return upsertRows(
    tx,
    {
      table: 'federal.ressort',
      columns: {
        code: 'text',
        name: 'text',
        kind: 'text',
        parent_code: 'text',
        seat: 'text',
        napi_forum_lead: 'boolean',
        notes: 'text',
        sources: 'text[]',
        verified: 'boolean',
        sort_order: 'int',
      },
      keepEdited: true,
    },
    ressorts.map((r, i) => ({
      code: r.code,
      name: r.name,
      kind: r.kind,
      parent_code: r.parent ?? null,
      seat: r.seat ?? null,
      napi_forum_lead: r.napiForumLead,
      notes: r.notes ?? null,
      sources: r.sources,
      verified: r.verified,
      sort_order: i + 1,
    })),
  );
}
