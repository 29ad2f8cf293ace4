import path from 'node:path';
import type { DataSource } from 'typeorm';
import { readSeedFile } from '../shared/seed-files';
import { MEASURE_TYPES, type FederalMeasureSeed, type RessortSeed } from '../shared/seed-types';
import { assertAllOf, assertOneOf, seedTargetGroups } from '../shared/seed-validation';
import { upsertRows } from '../shared/seed-writer';
import type { SeedOptions, SeedReport } from '../shared/subgraph-module';
import { AREA_CODES, GRUNDANGEBOT_BLOCKS, LEVELS, OFFER_STATUSES, TARGET_GROUPS } from '../shared/vocabulary';
import { syntheticFederalMeasures } from './synthetic';

const SEED_DIR = path.join(__dirname, 'seed');

const MEASURE_COLUMNS = {
  id: 'text',
  title: 'text',
  short_title: 'text',
  summary: 'text',
  type: 'text',
  implementation_level: 'text',
  areas: 'text[]',
  target_groups: 'text[]',
  detailed_target_groups: 'text[]',
  grundangebot: 'text',
  owner_code: 'text',
  implementers: 'jsonb',
  legal_basis: 'text[]',
  languages: 'text[]',
  status: 'text',
  url: 'text',
  since: 'text',
  valid_from: 'text',
  valid_to: 'text',
  min_age: 'int',
  max_age_exclusive: 'int',
  napi_phases: 'text[]',
  funding: 'text',
  facts: 'text[]',
  notes: 'text',
  eligibility_rules: 'jsonb',
  sources: 'text[]',
  verified: 'boolean',
  synthetic: 'boolean',
};

export function loadRessortSeed(): RessortSeed[] {
  return readSeedFile<RessortSeed[]>(path.join(SEED_DIR, 'ressorts.json'));
}

export function loadMeasureSeed(): FederalMeasureSeed[] {
  return readSeedFile<FederalMeasureSeed[]>(path.join(SEED_DIR, 'measures.json'));
}

/** Validates a seed record and turns it into a row of federal.measure. */
export function measureRow(m: FederalMeasureSeed, ressorts: ReadonlySet<string>, synthetic = false) {
  assertOneOf(m.id, 'type', m.type, MEASURE_TYPES);
  assertOneOf(m.id, 'status', m.status, OFFER_STATUSES);
  assertOneOf(m.id, 'grundangebot', m.grundangebot, GRUNDANGEBOT_BLOCKS);
  assertAllOf(m.id, 'areas', m.areas, AREA_CODES);
  if (m.implementationLevel) assertOneOf(m.id, 'implementationLevel', m.implementationLevel, LEVELS);
  for (const code of [m.owner, ...m.implementers.flatMap((i) => (i.ressort ? [i.ressort] : []))]) {
    if (!ressorts.has(code)) throw new Error(`Seed record ${m.id}: unknown Ressort "${code}"`);
  }
  return {
    id: m.id,
    title: m.title,
    short_title: m.shortTitle ?? null,
    summary: m.summary,
    type: m.type,
    implementation_level: m.implementationLevel ?? null,
    areas: m.areas,
    target_groups: seedTargetGroups(m.id, m.detailedTargetGroups, m.additionalTargetGroups),
    detailed_target_groups: m.detailedTargetGroups,
    grundangebot: m.grundangebot,
    owner_code: m.owner,
    implementers: m.implementers,
    legal_basis: m.legalBasis,
    languages: m.languages,
    status: m.status,
    url: m.url ?? null,
    since: m.since ?? null,
    valid_from: m.validFrom ?? null,
    valid_to: m.validTo ?? null,
    min_age: m.minAge ?? null,
    max_age_exclusive: m.maxAgeExclusive ?? null,
    napi_phases: m.napiPhases,
    funding: m.funding ?? null,
    facts: m.facts,
    notes: m.notes ?? null,
    eligibility_rules: m.eligibilityRules,
    sources: m.sources,
    verified: m.verified,
    synthetic,
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

  return db.transaction(async (tx) => {
    const report: SeedReport = {};
    report['targetGroups'] = await upsertRows(
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
    report['ressorts'] = await upsertRows(
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
}
