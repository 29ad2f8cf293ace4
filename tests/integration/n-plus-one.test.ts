import { graphqlOk } from '../support/graphql';
import { WIDE_HEADLINE_QUERY } from '../../web/operations';
import { WITHOUT_RESPONSE_CACHE, testHubForThisFile } from '../support/test-hub';

interface Wide {
  targetGroup: {
    federalOffers: unknown[];
    regionalOffers: unknown[];
    researchOutputs: unknown[];
    exchangeFormats: unknown[];
  };
  place: { federalOffers: unknown[]; regionalOffers: unknown[] };
}

const hub = testHubForThisFile({ gateway: WITHOUT_RESPONSE_CACHE });

async function measure(variables: Record<string, unknown>): Promise<{ sql: number; rows: number }> {
  hub.resetSqlCount();
  const data = await graphqlOk<Wide>(hub.gateway.graphqlUrl, WIDE_HEADLINE_QUERY, variables);
  const sql = hub.sqlCount();
  const t = data.targetGroup;
  const rows =
    t.federalOffers.length +
    t.regionalOffers.length +
    t.researchOutputs.length +
    t.exchangeFormats.length +
    data.place.federalOffers.length +
    data.place.regionalOffers.length;
  return { sql, rows };
}

/** Grows every subgraph's catalogue to `factor` times its real size with generated records. */
async function growCatalogue(factor: number): Promise<void> {
  const real: Record<string, [string, string]> = {
    federal: ['federalMeasures', 'SELECT count(*)::int AS n FROM federal.measure WHERE NOT synthetic'],
    laender: ['regionalMeasures', 'SELECT count(*)::int AS n FROM laender.measure WHERE NOT synthetic'],
    research: ['researchOutputs', 'SELECT count(*)::int AS n FROM research.output WHERE NOT synthetic'],
    exchange: ['exchangeFormats', 'SELECT count(*)::int AS n FROM exchange.format WHERE NOT synthetic'],
  };
  for (const [name, [kind, countSql]] of Object.entries(real)) {
    const subgraph = hub.subgraphs.get(name);
    if (!subgraph) throw new Error(`${name} not running`);
    const db = subgraph.prepared.database.dataSource;
    const [{ n }] = await db.query<[{ n: number }]>(countSql);
    await subgraph.prepared.module.seed(db, { synthetic: { [kind]: n * (factor - 1) } });
  }
}

describe('SQL statements per headline query', () => {
  it('stay the same when the catalogue is ten times larger', async () => {
    const variables = { code: 'CHILDREN_AND_YOUTH', ars: '09564' };
    const before = await measure(variables);
    await growCatalogue(10);
    const after = await measure(variables);
    console.log(
      `wide headline query: ${before.sql} SQL statements for ${before.rows} rows; ` +
        `${after.sql} for ${after.rows} rows at ten times the catalogue`,
    );
    expect(after.rows).toBeGreaterThan(before.rows * 3);
    expect(after.sql).toBe(before.sql);
    // A bounded number: one statement per relation, not per row.
    expect(after.sql).toBeLessThan(40);
  });
});
