import { laenderSubgraph } from '../../subgraphs/laender';
import { kreisRows, loadMeasureSeed, measureRow } from '../../subgraphs/laender/seed';
import { syntheticRegionalMeasures } from '../../subgraphs/laender/synthetic';
import { closeDatabase, prepareSubgraph } from '../../subgraphs/shared/server/prepare-subgraph';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let database: TestDatabase;
let opened: DataSource | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  if (opened) await closeDatabase(opened);
  await database?.drop();
});

// The columns a generated row sets; the rest are the table's defaults.
const COLUMNS = `id, title, short_title, summary, type, implementation_level, areas, target_groups,
  detailed_target_groups, legal_basis, languages, status, url, since, valid_from, valid_to, min_age,
  max_age_exclusive, funding, facts, notes, sources, verified, synthetic, level, ars, land, responsible,
  partners, parent_federal_measure, parent_regional_measure`;

describe('generated regional measures (npm run seed -- --synthetic regionalMeasures=N)', () => {
  it('are written in PostgreSQL exactly as the generator makes them, and replaced when seeded again', async () => {
    const count = 1234;
    const prepared = await prepareSubgraph(laenderSubgraph, {
      databaseUrl: database.url,
      seedOptions: { synthetic: { regionalMeasures: count } },
    });
    expect(prepared.seed).toMatchObject({ syntheticMeasures: count });
    const db = prepared.database.dataSource;
    opened = db;

    const kreise = kreisRows();
    const placeKeys = new Set([...kreise.map((k) => k.land_ars), ...kreise.map((k) => k.ars)]);
    const expected = syntheticRegionalMeasures(loadMeasureSeed(), [...placeKeys].sort(), count)
      .map((m) => measureRow(m, placeKeys, true))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const rows = await db.query<Record<string, unknown>[]>(
      `SELECT ${COLUMNS} FROM laender.measure WHERE synthetic ORDER BY id COLLATE "C"`,
    );
    expect(rows).toHaveLength(count);
    expect(rows).toEqual(expected);

    // Seeding again with another count replaces the generated rows and leaves the real ones.
    const again = await laenderSubgraph.seed(db, { synthetic: { regionalMeasures: 10 } });
    expect(again['syntheticMeasures']).toBe(10);
    const [counts] = await db.query<[{ synthetic: number; real: number }]>(
      `SELECT count(*) FILTER (WHERE synthetic)::int AS synthetic, count(*) FILTER (WHERE NOT synthetic)::int AS real
       FROM laender.measure`,
    );
    expect(counts).toEqual({ synthetic: 10, real: loadMeasureSeed().length });
  });
});
