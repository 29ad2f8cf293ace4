import { availableParallelism } from 'node:os';
import path from 'node:path';
import { getDistricts } from 'landkreise-deutschland';
import type { DataSource } from 'typeorm';
import { readSeedFile } from '../shared/seed/seed-files';
import { MEASURE_BASE_COLUMNS, validateMeasureBase } from '../shared/seed/measure-seed';
import type { Marked } from '../shared/seed/record-columns';
import { seedTable } from '../shared/seed/seed-table';
import type { RegionalMeasureSeed } from '../shared/seed/seed-types';
import { assertOneOf } from '../shared/seed/seed-validation';
import { upsertRows, type UpsertSpec } from '../shared/seed/seed-writer';
import type { SeedOptions, SeedReport } from '../shared/server/subgraph-module';
import { insertSyntheticRegionalMeasures } from './synthetic';

const SEED_DIR = path.join(__dirname, 'seed');

/** Reference date of the Kreise data in `landkreise-deutschland` (Destatis GV-ISys). */
export const KREISE_AS_OF = '2018-12-31';
const KREISE_SOURCE =
  'https://www.destatis.de/DE/Themen/Laender-Regionen/Regionales/Gemeindeverzeichnis/Administrativ/04-kreise.html';

interface LandSeed {
  ars: string;
  name: string;
  officialName: string;
  iso3166_2: string;
  abbreviation: string;
  capital: string;
  isStadtstaat: boolean;
  sources: string[];
}

const PLACE_KINDS: Record<string, string> = {
  'Kreisfreie Stadt': 'KREISFREIE_STADT',
  Landkreis: 'LANDKREIS',
  Kreis: 'KREIS',
  Stadtkreis: 'STADTKREIS',
  Regionalverband: 'REGIONALVERBAND',
};

/** Places are reference data from Destatis, not edited in the hub: always refreshed. */
const PLACE_TABLE: UpsertSpec = {
  table: 'laender.place',
  columns: {
    ars: 'text',
    name: 'text',
    official_name: 'text',
    level: 'text',
    kind: 'text',
    land_ars: 'text',
    is_stadtstaat: 'boolean',
    iso3166_2: 'text',
    abbreviation: 'text',
    capital: 'text',
    nuts3: 'text',
    population: 'int',
    area_km2: 'double precision',
    statistics_as_of: 'text',
    sources: 'text[]',
  },
  keepEdited: false,
};

/** All 401 Kreise and kreisfreie Städte; the package's AGS is normalised to a 5-digit string. */
export function kreisRows() {
  return getDistricts().map((d) => {
    const ars = String(d.AGS).padStart(5, '0');
    const kind = PLACE_KINDS[d.type];
    if (!kind) throw new Error(`Kreis ${ars}: unknown type "${d.type}"`);
    return {
      ars,
      name: d.name,
      official_name: null,
      level: 'KOMMUNE',
      kind,
      land_ars: ars.slice(0, 2),
      is_stadtstaat: false,
      iso3166_2: null,
      abbreviation: null,
      capital: null,
      nuts3: d.NUTS3,
      population: d.population,
      area_km2: d.area_km2,
      statistics_as_of: KREISE_AS_OF,
      sources: [KREISE_SOURCE],
    };
  });
}

function landRows(kreise: ReturnType<typeof kreisRows>) {
  const laender = readSeedFile<LandSeed[]>(path.join(SEED_DIR, 'laender.json'));
  return laender.map((l) => {
    const own = kreise.filter((k) => k.land_ars === l.ars);
    if (own.length === 0) throw new Error(`Land ${l.ars} has no Kreise in the Kreise data`);
    return {
      ars: l.ars,
      name: l.name,
      official_name: l.officialName,
      level: 'LAND',
      kind: 'LAND',
      land_ars: l.ars,
      is_stadtstaat: l.isStadtstaat,
      iso3166_2: l.iso3166_2,
      abbreviation: l.abbreviation,
      capital: l.capital,
      nuts3: null,
      // A Land's population and area are the sums over its Kreise, so both levels agree.
      population: own.reduce((sum, k) => sum + k.population, 0),
      area_km2: Math.round(own.reduce((sum, k) => sum + k.area_km2, 0) * 100) / 100,
      statistics_as_of: KREISE_AS_OF,
      sources: [...l.sources, KREISE_SOURCE],
    };
  });
}

export function loadMeasureSeed(): RegionalMeasureSeed[] {
  return readSeedFile<RegionalMeasureSeed[]>(path.join(SEED_DIR, 'measures.json'));
}

const MEASURE_TABLE = seedTable<Marked<RegionalMeasureSeed>>()({
  table: 'laender.measure',
  keepEdited: true,
  columns: {
    ...MEASURE_BASE_COLUMNS,
    level: 'text',
    ars: 'text',
    land: { type: 'text', from: (m) => m.ars.slice(0, 2) },
    responsible: 'text',
    partners: 'text[]',
    parent_federal_measure: 'text',
    parent_regional_measure: 'text',
  },
});

export function measureRow(m: RegionalMeasureSeed, places: ReadonlySet<string>, synthetic = false) {
  assertOneOf(m.id, 'level', m.level, ['LAND', 'KOMMUNE'] as const);
  if (!places.has(m.ars)) throw new Error(`Seed record ${m.id}: unknown ARS "${m.ars}"`);
  if ((m.level === 'LAND') !== (m.ars.length === 2)) {
    throw new Error(`Seed record ${m.id}: level ${m.level} does not fit ARS "${m.ars}"`);
  }
  validateMeasureBase(m);
  return MEASURE_TABLE.row({ ...m, synthetic });
}

/**
 * Loads the 16 Länder, the 401 Kreise and the regional measures. Idempotent; rows an editor has
 * changed are kept. `synthetic.regionalMeasures` adds that many generated, clearly marked records.
 */
export async function seedLaender(db: DataSource, options: SeedOptions = {}): Promise<SeedReport> {
  const kreise = kreisRows();
  const laender = landRows(kreise);
  const placeKeys = new Set([...laender, ...kreise].map((p) => p.ars));
  const real = loadMeasureSeed();
  // Parents before children, so the self-reference holds within one statement's chunk order.
  const ordered = [...real].sort(
    (a, b) => Number(Boolean(a.parentRegionalMeasure)) - Number(Boolean(b.parentRegionalMeasure)),
  );
  const rows = ordered.map((m) => measureRow(m, placeKeys));
  const syntheticCount = options.synthetic?.['regionalMeasures'];

  const report = await db.transaction(async (tx) => {
    const report: SeedReport = {};
    report['laender'] = await upsertRows(tx, PLACE_TABLE, laender);
    report['kreise'] = await upsertRows(tx, PLACE_TABLE, kreise);
    report['measures'] = await upsertRows(tx, MEASURE_TABLE, rows);
    if (syntheticCount !== undefined) await tx.query('DELETE FROM laender.measure WHERE synthetic');
    return report;
  });
  if (syntheticCount !== undefined) {
    // Generated in PostgreSQL, in parallel chunks after the real rows are committed: 500 000
    // measures take about a minute instead of several (see insertSyntheticRegionalMeasures).
    report['syntheticMeasures'] = await insertSyntheticRegionalMeasures(
      db,
      real,
      [...placeKeys].sort(),
      syntheticCount,
      (m) => measureRow(m, placeKeys, true),
      MEASURE_TABLE.columns,
      { concurrency: Math.min(4, Math.max(1, availableParallelism())) },
    );
  }
  return report;
}
