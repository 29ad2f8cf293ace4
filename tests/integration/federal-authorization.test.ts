import { loadRessortSeed } from '../../subgraphs/federal/seed';
import { editorOf, TEST_AUTH } from '../support/auth';
import { gatewayHeaders, headersFor } from '../support/gateway-credential';
import { graphql, graphqlOk } from '../support/graphql';
import { startTestHub, type TestHub } from '../support/test-hub';

/**
 * Letztentscheidungsbefugnis (guideline chapter V): every Ressort writes only its own measures.
 * Every Ressort's editor tries to create, update and archive every other Ressort's measures,
 * through the gateway and directly against the federal subgraph; all are refused and no row,
 * version or history entry changes.
 */
let hub: TestHub;

interface MeasureState {
  id: string;
  version: number;
  ownerCode: string;
}

beforeAll(async () => {
  hub = await startTestHub({ auth: TEST_AUTH });
});

afterAll(async () => {
  await hub?.stop();
});

function db() {
  const federal = hub.subgraphs.get('federal');
  if (!federal) throw new Error('federal not running');
  return federal.prepared.database.dataSource;
}

const snapshot = () =>
  db().query<unknown[]>(
    `SELECT id, version, title, owner_code, archived_at, updated_at, updated_by FROM federal.measure ORDER BY id`,
  );
const historyCount = async () =>
  (await db().query<[{ n: number }]>('SELECT count(*)::int AS n FROM federal.history'))[0].n;

/** One request per editor: every forbidden write as an aliased mutation, each answered on its own. */
function forbiddenWrites(editor: string, measures: MeasureState[]): { document: string; count: number } {
  const others = measures.filter((m) => m.ownerCode !== editor);
  const owners = [...new Set(others.map((m) => m.ownerCode))];
  const fields = [
    ...owners.map(
      (owner, i) => `c${i}: createFederalMeasure(input: {
        title: "Übergriff ${editor} auf ${owner}", type: COUNSELLING, owner: "${owner}", areas: [SOCIETY],
        targetGroups: [FAMILIES], grundangebot: COMPLEMENTARY, fundingMethod: PROGRAMME,
        successControl: { status: RUNNING } }) { measure { id } }`,
    ),
    ...others.map(
      (m, i) =>
        `u${i}: updateFederalMeasure(id: "${m.id}", version: ${m.version}, input: { title: "geändert von ${editor}" }) { measure { id } }`,
    ),
    ...others.map(
      (m, i) =>
        `a${i}: archiveFederalMeasure(id: "${m.id}", version: ${m.version}, reason: "Übergriff") { measure { id } }`,
    ),
  ];
  return { document: `mutation { ${fields.join('\n')} }`, count: fields.length };
}

describe('federal measures: every Ressort against every other Ressort', () => {
  it.each([
    ['through the gateway', () => hub.gateway.graphqlUrl],
    ['directly against the federal subgraph', () => hub.subgraphs.get('federal')?.server.graphqlUrl ?? ''],
  ])('denies create, update and archive %s, and changes nothing', async (_how, target) => {
    const measures = await db().query<MeasureState[]>(
      `SELECT id, version, owner_code AS "ownerCode" FROM federal.measure ORDER BY id`,
    );
    const ressorts = loadRessortSeed().map((r) => r.code);
    const before = await snapshot();
    const historyBefore = await historyCount();
    let attempts = 0;

    for (const editor of ressorts) {
      const { document, count: expected } = forbiddenWrites(editor, measures);
      const result = await graphql<Record<string, unknown>>(
        target(),
        document,
        undefined,
        await editorOf(editor),
        // Directly against the subgraph: as the gateway would send it, with its credential.
        await headersFor(hub, target()),
      );
      attempts += expected;
      expect(result.errors).toHaveLength(expected);
      for (const error of result.errors ?? []) {
        expect({ editor, path: error.path, code: error.extensions?.['code'] }).toEqual({
          editor,
          path: error.path,
          code: 'FORBIDDEN',
        });
      }
      expect(Object.values(result.data ?? {}).every((v) => v === null)).toBe(true);
    }

    expect(attempts).toBeGreaterThan(ressorts.length * measures.length);
    expect(await snapshot()).toEqual(before);
    expect(await historyCount()).toBe(historyBefore);
  });

  it('lets each Ressort write its own measures', async () => {
    const [mine] = await db().query<MeasureState[]>(
      `SELECT id, version, owner_code AS "ownerCode" FROM federal.measure WHERE owner_code = 'BMFSFJ' ORDER BY id LIMIT 1`,
    );
    if (!mine) throw new Error('no BMFSFJ measure in the seed');
    const data = await graphqlOk<{ updateFederalMeasure: { measure: { version: number } } }>(
      hub.gateway.graphqlUrl,
      `mutation($id: ID!, $v: Int!) { updateFederalMeasure(id: $id, version: $v, input: {
         fundingMethod: PROGRAMME, successControl: { status: RUNNING } }) { measure { version } } }`,
      { id: mine.id, v: mine.version },
      await editorOf('BMFSFJ'),
    );
    expect(data.updateFederalMeasure.measure.version).toBe(mine.version + 1);
  });

  it('grants nothing extra through _entities when the subgraph is called directly', async () => {
    const direct = hub.subgraphs.get('federal')?.server.graphqlUrl ?? '';
    // The gateway's credential: without it the subgraph answers nobody (trust-boundaries.test.ts).
    const asGateway = await gatewayHeaders(hub, 'federal');
    const owner = await editorOf('BMI');
    const created = await graphqlOk<{ createFederalMeasure: { measure: { id: string } } }>(
      hub.gateway.graphqlUrl,
      `mutation { createFederalMeasure(input: { title: "Interner Entwurf Entities-Test", type: STRATEGY, areas: [SOCIETY],
         targetGroups: [RECEIVING_SOCIETY], grundangebot: COMPLEMENTARY, fundingMethod: PROGRAMME,
         successControl: { status: RUNNING }, draft: true, budget: "geheim" }) { measure { id } } }`,
      undefined,
      owner,
    );
    const id = created.createFederalMeasure.measure.id;
    const entities = `query($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on FederalMeasure { id title budget history { version } } } }`;
    const reps = [
      { __typename: 'FederalMeasure', id },
      { __typename: 'FederalMeasure', id: 'measure:bund:integrationskurs' },
    ];
    const anonymous = await graphqlOk<{
      _entities: ({ id: string; budget: string | null; history: unknown } | null)[];
    }>(direct, entities, { reps }, undefined, asGateway);
    expect(anonymous._entities[0]).toBeNull();
    expect(anonymous._entities[1]).toMatchObject({ id: 'measure:bund:integrationskurs', budget: null, history: null });
    const otherRessort = await graphqlOk<{ _entities: unknown[] }>(
      direct,
      entities,
      { reps },
      await editorOf('BMAS'),
      asGateway,
    );
    expect(otherRessort._entities[0]).toBeNull();
    const ownerView = await graphqlOk<{ _entities: { budget: string }[] }>(
      direct,
      entities,
      { reps },
      owner,
      asGateway,
    );
    expect(ownerView._entities[0]?.budget).toBe('geheim');
  });
});
