import path from 'node:path';
import type { DataSource } from 'typeorm';
import { readSeedFile } from '../shared/seed/seed-files';
import { SOURCED_RECORD_COLUMNS, TARGET_GROUPS_COLUMN, type Marked } from '../shared/seed/record-columns';
import { askedSynthetic, replaceSyntheticRows } from '../shared/seed/seed-run';
import { seedTable } from '../shared/seed/seed-table';
import { assertAllOf, assertOneOf } from '../shared/seed/seed-validation';
import { upsertRows } from '../shared/seed/seed-writer';
import type { SeedOptions, SeedReport } from '../shared/server/subgraph-module';
import { LEVELS } from '../shared/catalogue/vocabulary';
import { EXCHANGE_FORMAT_TYPES, PARTICIPANT_KINDS, type ExchangeFormatSeed } from './seed-types';
import { syntheticExchangeFormats } from './synthetic';

const SEED_DIR = path.join(__dirname, 'seed');

const FORMAT_TABLE = seedTable<Marked<ExchangeFormatSeed>>()({
  table: 'exchange.format',
  keepEdited: true,
  columns: {
    id: 'text',
    name: 'text',
    short_name: 'text',
    type: 'text',
    level: 'text',
    convenor: 'text',
    convenor_ressort: 'text',
    coordinator_ressort: 'text',
    joint_lead_ressorts: { type: 'text[]', from: (f) => f.jointLeadRessorts ?? [] },
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
    target_groups: TARGET_GROUPS_COLUMN,
    detailed_target_groups: 'text[]',
    related_federal_measures: 'text[]',
    ...SOURCED_RECORD_COLUMNS,
  },
});

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
  // A joint lead replaces the single convenor; both at once would count the lead twice.
  if (f.jointLeadRessorts?.length && f.convenorRessort) {
    throw new Error(`Seed record ${f.id}: give either convenorRessort or jointLeadRessorts, not both`);
  }
  return FORMAT_TABLE.row({ ...f, synthetic });
}

/**
 * Loads the exchange formats. Idempotent; rows an editor has changed are kept.
 * `synthetic.exchangeFormats` adds that many generated, clearly marked records.
 */
export async function seedExchange(db: DataSource, options: SeedOptions = {}): Promise<SeedReport> {
  const formats = loadFormatSeed();
  const rows = formats.map((f) => formatRow(f));
  const synthetic = askedSynthetic(options, 'exchangeFormats', (count) =>
    syntheticExchangeFormats(formats, count).map((f) => formatRow(f, true)),
  );

  return db.transaction(async (tx) => {
    const report: SeedReport = {};
    report['formats'] = await upsertRows(tx, FORMAT_TABLE, rows);
    if (synthetic) report['syntheticFormats'] = await replaceSyntheticRows(tx, FORMAT_TABLE, synthetic);
    return report;
  });
}
