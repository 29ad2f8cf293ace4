import path from 'node:path';
import type { DataSource } from 'typeorm';
import { readSeedFile } from '../shared/seed/seed-files';
import { assertAllOf, assertOneOf, seedTargetGroups } from '../shared/seed/seed-validation';
import { upsertRows } from '../shared/seed/seed-writer';
import type { SeedOptions, SeedReport } from '../shared/server/subgraph-module';
import { LEVELS } from '../shared/catalogue/vocabulary';
import { EXCHANGE_FORMAT_TYPES, PARTICIPANT_KINDS, type ExchangeFormatSeed } from './seed-types';
import { syntheticExchangeFormats } from './synthetic';

const SEED_DIR = path.join(__dirname, 'seed');

const FORMAT_COLUMNS = {
  id: 'text',
  name: 'text',
  short_name: 'text',
  type: 'text',
  level: 'text',
  convenor: 'text',
  convenor_ressort: 'text',
  coordinator_ressort: 'text',
  joint_lead_ressorts: 'text[]',
  participant_kinds: 'text[]',
  since: 'text',
  valid_from: 'text',
  valid_to: 'text',
  year: 'int',
  sessions: 'jsonb',
  phases: 'text[]',
  facts: 'text[]',
  guideline_reference: 'text',
  addresses_all_target_groups: 'boolean',
  target_groups: 'text[]',
  detailed_target_groups: 'text[]',
  related_federal_measures: 'text[]',
  notes: 'text',
  sources: 'text[]',
  verified: 'boolean',
  synthetic: 'boolean',
};

const PARTIAL_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** Dates stay text because sources give only a year or month; the shape must still hold. */
function assertPartialDate(recordId: string, field: string, value: string | undefined): void {
  if (value !== undefined && !PARTIAL_DATE.test(value)) {
    throw new Error(`Seed record ${recordId}: ${field} "${value}" is not YYYY, YYYY-MM or YYYY-MM-DD`);
  }
}

export function loadFormatSeed(): ExchangeFormatSeed[] {
  return readSeedFile<ExchangeFormatSeed[]>(path.join(SEED_DIR, 'formats.json'));
}

/** Validates a seed record and turns it into a row of exchange.format. */
export function formatRow(f: ExchangeFormatSeed, synthetic = false) {
  assertOneOf(f.id, 'type', f.type, EXCHANGE_FORMAT_TYPES);
  assertOneOf(f.id, 'level', f.level, LEVELS);
  assertAllOf(f.id, 'participantKinds', f.participantKinds, PARTICIPANT_KINDS);
  assertPartialDate(f.id, 'since', f.since);
  assertPartialDate(f.id, 'validFrom', f.validFrom);
  assertPartialDate(f.id, 'validTo', f.validTo);
  f.sessions.forEach((s, i) => assertPartialDate(f.id, `sessions[${i}].date`, s.date));
  const jointLeads = f.jointLeadRessorts ?? [];
  // A joint lead replaces the single convenor; both at once would count the lead twice.
  if (jointLeads.length > 0 && f.convenorRessort) {
    throw new Error(`Seed record ${f.id}: give either convenorRessort or jointLeadRessorts, not both`);
  }
  return {
    id: f.id,
    name: f.name,
    short_name: f.shortName ?? null,
    type: f.type,
    level: f.level,
    convenor: f.convenor ?? null,
    convenor_ressort: f.convenorRessort ?? null,
    coordinator_ressort: f.coordinatorRessort ?? null,
    joint_lead_ressorts: jointLeads,
    participant_kinds: f.participantKinds,
    since: f.since ?? null,
    valid_from: f.validFrom ?? null,
    valid_to: f.validTo ?? null,
    year: f.year ?? null,
    sessions: f.sessions,
    phases: f.phases,
    facts: f.facts,
    guideline_reference: f.guidelineReference,
    addresses_all_target_groups: f.addressesAllTargetGroups,
    target_groups: seedTargetGroups(f.id, f.detailedTargetGroups, f.additionalTargetGroups),
    detailed_target_groups: f.detailedTargetGroups,
    related_federal_measures: f.relatedFederalMeasures,
    notes: f.notes ?? null,
    sources: f.sources,
    verified: f.verified,
    synthetic,
  };
}

/**
 * Loads the exchange formats. Idempotent; rows an editor has changed are kept.
 * `synthetic.exchangeFormats` adds that many generated, clearly marked records.
 */
export async function seedExchange(db: DataSource, options: SeedOptions = {}): Promise<SeedReport> {
  const formats = loadFormatSeed();
  const rows = formats.map((f) => formatRow(f));
  const syntheticCount = options.synthetic?.['exchangeFormats'];
  const synthetic =
    syntheticCount === undefined
      ? []
      : syntheticExchangeFormats(formats, syntheticCount).map((f) => formatRow(f, true));

  return db.transaction(async (tx) => {
    const report: SeedReport = {};
    report['formats'] = await upsertRows(
      tx,
      { table: 'exchange.format', columns: FORMAT_COLUMNS, keepEdited: true },
      rows,
    );
    if (syntheticCount !== undefined) {
      await tx.query('DELETE FROM exchange.format WHERE synthetic');
      report['syntheticFormats'] = await upsertRows(
        tx,
        { table: 'exchange.format', columns: FORMAT_COLUMNS, keepEdited: true },
        synthetic,
      );
    }
    return report;
  });
}
