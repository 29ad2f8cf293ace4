import { editorOf, TEST_AUTH } from '../support/auth';
import { graphql } from '../support/graphql';
import { testHubForThisFile } from '../support/test-hub';

const hub = testHubForThisFile({ auth: TEST_AUTH });

describe('optimistic concurrency', () => {
  it('lets exactly one of 100 concurrent updates with the same version win', async () => {
    const db = hub.subgraphs.get('federal')?.prepared.database.dataSource;
    if (!db) throw new Error('federal not running');
    const id = 'measure:bund:jmd';
    const [{ version }] = await db.query<[{ version: number }]>('SELECT version FROM federal.measure WHERE id = $1', [
      id,
    ]);
    const historyBefore = (
      await db.query<[{ n: number }]>('SELECT count(*)::int AS n FROM federal.history WHERE entity_id = $1', [id])
    )[0].n;
    const token = await editorOf('BMFSFJ');

    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        graphql<{ updateFederalMeasure: { measure: { version: number; summary: string } } | null }>(
          hub.gateway.graphqlUrl,
          `
            mutation ($id: ID!, $v: Int!, $s: String!) {
              updateFederalMeasure(
                id: $id
                version: $v
                input: { summary: $s, fundingMethod: PROGRAMME, successControl: { status: RUNNING } }
              ) {
                measure {
                  version
                  summary
                }
              }
            }
          `,
          { id, v: version, s: `Fassung ${i}` },
          token,
        ),
      ),
    );

    const winners = results.filter((r) => r.data?.updateFederalMeasure?.measure);
    const conflicts = results.filter((r) => r.errors?.[0]?.extensions?.['code'] === 'CONFLICT');
    expect(winners).toHaveLength(1);
    expect(conflicts).toHaveLength(99);
    for (const c of conflicts) expect(c.errors?.[0]?.extensions?.['currentVersion']).toBe(version + 1);

    const [row] = await db.query<[{ version: number; summary: string }]>(
      'SELECT version, summary FROM federal.measure WHERE id = $1',
      [id],
    );
    expect(row.version).toBe(version + 1);
    expect(row.summary).toBe(winners[0]?.data?.updateFederalMeasure?.measure.summary);
    const history = await db.query<{ version: number; action: string }[]>(
      'SELECT version, action FROM federal.history WHERE entity_id = $1 ORDER BY id',
      [id],
    );
    expect(history).toHaveLength(historyBefore + 1);
    expect(history.at(-1)).toEqual({ version: version + 1, action: 'UPDATE' });
  });

  it('gives concurrent creates of the same title distinct ids instead of failing', async () => {
    const token = await editorOf('BMI');
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        graphql<{ createFederalMeasure: { measure: { id: string } } | null }>(
          hub.gateway.graphqlUrl,
          `
            mutation {
              createFederalMeasure(
                input: {
                  title: "Gleichzeitig angelegt"
                  type: COUNSELLING
                  areas: [SOCIETY]
                  targetGroups: [FAMILIES]
                  grundangebot: COMPLEMENTARY
                  fundingMethod: PROGRAMME
                  successControl: { status: RUNNING }
                }
              ) {
                measure {
                  id
                }
              }
            }
          `,
          undefined,
          token,
        ),
      ),
    );
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const ids = results.map((r) => r.data?.createFederalMeasure?.measure.id);
    expect(new Set(ids).size).toBe(10);
    expect(ids).toContain('measure:bund:gleichzeitig-angelegt');
    expect(ids).toContain('measure:bund:gleichzeitig-angelegt-10');
  });
});
