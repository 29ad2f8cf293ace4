import { Client } from 'pg';
import { testHubForThisFile } from '../support/test-hub';

const hub = testHubForThisFile();

function db(name: string) {
  const subgraph = hub.subgraphs.get(name);
  if (!subgraph) throw new Error(`${name} not running`);
  return { db: subgraph.prepared.database.dataSource, module: subgraph.prepared.module };
}

/** As the superuser: each subgraph's own role sees only its own schema (db-roles.ts). */
async function admin<T>(sql: string): Promise<T> {
  const client = new Client({ connectionString: hub.databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T;
  } finally {
    await client.end();
  }
}

const COUNTS = `
  SELECT (SELECT count(*) FROM federal.measure)::int AS federal,
         (SELECT count(*) FROM federal.ressort)::int AS ressorts,
         (SELECT count(*) FROM laender.place)::int AS places,
         (SELECT count(*) FROM laender.measure)::int AS regional,
         (SELECT count(*) FROM research.output)::int AS research,
         (SELECT count(*) FROM exchange.format)::int AS formats`;

describe('seeding', () => {
  it('loads the real catalogue: every Land and Kreis, the guideline’s measures, institutes and formats', async () => {
    const [counts] = await admin<[Record<string, number>]>(COUNTS);
    expect(counts).toEqual({ federal: 23, ressorts: 20, places: 417, regional: 15, research: 21, formats: 17 });
  });

  it('is idempotent', async () => {
    const { db: federal } = db('federal');
    const [before] = await admin<[Record<string, number>]>(COUNTS);
    const snapshot = await federal.query('SELECT id, title, target_groups, version FROM federal.measure ORDER BY id');
    for (const { db: d, module } of ['federal', 'laender', 'research', 'exchange'].map(db)) await module.seed(d);
    const [after] = await admin<[Record<string, number>]>(COUNTS);
    expect(after).toEqual(before);
    expect(await federal.query('SELECT id, title, target_groups, version FROM federal.measure ORDER BY id')).toEqual(
      snapshot,
    );
  });

  it('restores seed rows but keeps what an editor changed', async () => {
    const { db: federal, module } = db('federal');
    await federal.query(`UPDATE federal.measure SET title = 'verdorben' WHERE id = 'measure:bund:mbe'`);
    await federal.query(
      `UPDATE federal.measure SET title = 'Von Redaktion geändert', updated_by = 'editor:test' WHERE id = 'measure:bund:jmd'`,
    );
    await module.seed(federal);
    const rows = await federal.query<{ id: string; title: string }[]>(
      `SELECT id, title FROM federal.measure WHERE id IN ('measure:bund:mbe', 'measure:bund:jmd') ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 'measure:bund:jmd', title: 'Von Redaktion geändert' },
      { id: 'measure:bund:mbe', title: 'Migrationsberatung für erwachsene Zuwanderer' },
    ]);
  });

  it('keeps each subgraph inside its own PostgreSQL schema', async () => {
    const rows = await admin<{ table_schema: string; tables: number }[]>(
      `SELECT table_schema, count(*)::int AS tables FROM information_schema.tables
       WHERE table_schema IN ('federal', 'laender', 'research', 'exchange') GROUP BY table_schema ORDER BY table_schema`,
    );
    expect(rows.map((r) => r.table_schema)).toEqual(['exchange', 'federal', 'laender', 'research']);
    const publicTables = await admin<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(publicTables[0].n).toBe(0);
  });
});
