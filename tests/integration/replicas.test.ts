import { ALL_SUBGRAPHS } from '../../subgraphs';
import { closeDatabase, prepareSubgraph, type PreparedSubgraph } from '../../subgraphs/shared/server/prepare-subgraph';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Subgraphs scale horizontally: several replicas of one subgraph may start at the same moment
 * against a fresh database. Exactly one migrates and seeds; the others start on the result.
 */

let database: TestDatabase;
const prepared: PreparedSubgraph<unknown>[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  for (const p of prepared) await closeDatabase(p.database.dataSource);
  await database?.drop();
});

describe('replicas starting together', () => {
  it('take turns: each migration runs once, every replica starts, the seed is loaded once', async () => {
    const federal = ALL_SUBGRAPHS.find((m) => m.name === 'federal');
    if (!federal) throw new Error('no federal subgraph');
    const replicas = await Promise.all([1, 2, 3].map(() => prepareSubgraph(federal, { databaseUrl: database.url })));
    prepared.push(...replicas);

    // One replica applied the migrations; the others found none pending.
    const applied = replicas.map((r) => r.migrations.length);
    expect(applied.filter((n) => n > 0)).toHaveLength(1);
    expect(applied.filter((n) => n === 0)).toHaveLength(2);

    const db = replicas[0]?.database.dataSource;
    if (!db) throw new Error('no replica');
    const [{ n: migrations } = { n: -1 }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM federal.migrations`,
    );
    expect(migrations).toBe(Math.max(...applied));
    const [{ n: measures } = { n: -1 }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM federal.measure`,
    );
    expect(measures).toBe(23);
  });
});
