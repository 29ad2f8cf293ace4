import { loadRessortSeed } from '../../subgraphs/federal/seed';
import { editorOf, placeEditor, TEST_AUTH } from '../support/auth';
import { gatewayHeaders, headersFor } from '../support/gateway-credential';
import { graphql, graphqlOk } from '../support/graphql';
import { testHubForThisFile } from '../support/test-hub';

/**
 * Letztentscheidungsbefugnis (guideline chapter V): every owner writes only its own measures.
 * Every Ressort's editor tries to create, update and archive every other Ressort's measures;
 * every Land's editor every other Land's (and those of its Kommunen); Kommune editors their
 * neighbours' measures and their own Land's. Through the gateway and directly against the
 * subgraph, all are refused and no row, version or history entry changes.
 */
const hub = testHubForThisFile({ auth: TEST_AUTH });

interface MeasureState {
  id: string;
  version: number;
  /** The owner: a Ressort code (federal) or an ARS (laender). */
  owner: string;
  land: string;
}

/** What differs between the two kinds of measure; the attempts and checks are the same. */
interface Kind {
  subgraph: 'federal' | 'laender';
  type: 'FederalMeasure' | 'RegionalMeasure';
  /** The input field naming the owner. */
  ownerField: 'owner' | 'ars';
  /** The column holding the owner. */
  ownerColumn: 'owner_code' | 'ars';
  /** What a SELECT reads as a measure's Land (a federal measure has none: 'BUND'). */
  landColumn: string;
  /** Each editor with the measures it must not write and the owners it must not create for. */
  attempts(
    measures: MeasureState[],
  ): Promise<{ token: string; label: string; targets: MeasureState[]; createFor: string[] }[]>;
  /** A lower bound for the number of refused writes. */
  minimum(measures: MeasureState[]): number;
}

/** Each seeded Kommune measure and an editor of a neighbouring Kreis. */
const NEIGHBOURS: Record<string, string> = {
  '05114': '05166', // Krefeld – Kreis Viersen
  '06435': '06440', // Main-Kinzig-Kreis – Wetteraukreis
  '08436': '08435', // Landkreis Ravensburg – Bodenseekreis
  '08311': '08315', // Freiburg im Breisgau – Breisgau-Hochschwarzwald
};

const LAENDER = Array.from({ length: 16 }, (_, i) => String(i + 1).padStart(2, '0'));

const FEDERAL: Kind = {
  subgraph: 'federal',
  type: 'FederalMeasure',
  ownerField: 'owner',
  ownerColumn: 'owner_code',
  landColumn: "'BUND'",
  attempts: async (measures) => {
    const ressorts = loadRessortSeed().map((r) => r.code);
    return Promise.all(
      ressorts.map(async (editor) => {
        const targets = measures.filter((m) => m.owner !== editor);
        return {
          token: await editorOf(editor),
          label: editor,
          targets,
          createFor: [...new Set(targets.map((m) => m.owner))],
        };
      }),
    );
  },
  minimum: (measures) => loadRessortSeed().length * measures.length,
};

const LAENDER_KIND: Kind = {
  subgraph: 'laender',
  type: 'RegionalMeasure',
  ownerField: 'ars',
  ownerColumn: 'ars',
  landColumn: 'land',
  attempts: async (measures) => {
    const attempts = [];
    for (const land of LAENDER) {
      const targets = measures.filter((m) => m.land !== land);
      attempts.push({
        token: await placeEditor(land),
        label: land,
        targets,
        createFor: LAENDER.filter((l) => l !== land),
      });
    }
    for (const [kommune, neighbour] of Object.entries(NEIGHBOURS)) {
      const own = measures.filter((m) => m.owner === kommune);
      expect(own.length).toBeGreaterThan(0);
      attempts.push({ token: await placeEditor(neighbour), label: neighbour, targets: own, createFor: [kommune] });
      // A Kommune does not write its Land's measures either.
      const land = kommune.slice(0, 2);
      const landMeasures = measures.filter((m) => m.owner === land);
      attempts.push({ token: await placeEditor(kommune), label: kommune, targets: landMeasures, createFor: [land] });
    }
    return attempts;
  },
  minimum: (measures) => 16 * measures.length,
};

function db(subgraph: string) {
  const running = hub.subgraphs.get(subgraph);
  if (!running) throw new Error(`${subgraph} not running`);
  return running.prepared.database.dataSource;
}

/** One request per editor: every forbidden write as an aliased mutation, each answered on its own. */
function forbiddenWrites(kind: Kind, label: string, targets: MeasureState[], createFor: string[]) {
  const owner = (value: string) => `${kind.ownerField}: "${value}"`;
  const fields = [
    ...createFor.map(
      (value, i) => `c${i}: create${kind.type}(input: {
        title: "Übergriff ${label} auf ${value}", type: COUNSELLING, ${owner(value)}, areas: [SOCIETY],
        targetGroups: [FAMILIES], grundangebot: COMPLEMENTARY, fundingMethod: PROGRAMME,
        successControl: { status: RUNNING } }) { measure { id } }`,
    ),
    ...targets.map(
      (m, i) =>
        `u${i}: update${kind.type}(id: "${m.id}", version: ${m.version}, input: { title: "geändert von ${label}" }) { measure { id } }`,
    ),
    ...targets.map(
      (m, i) =>
        `a${i}: archive${kind.type}(id: "${m.id}", version: ${m.version}, reason: "Übergriff") { measure { id } }`,
    ),
  ];
  return { document: `mutation { ${fields.join('\n')} }`, count: fields.length };
}

describe.each([FEDERAL, LAENDER_KIND])('$subgraph measures: every owner against every other owner', (kind) => {
  const table = `${kind.subgraph}.measure`;
  // The columns of a row that no refused write may change.
  const snapshotColumns = `id, version, title, ${kind.ownerColumn}, archived_at, updated_at, updated_by`;
  const snapshot = () => db(kind.subgraph).query<unknown[]>(`SELECT ${snapshotColumns} FROM ${table} ORDER BY id`);
  const historyCount = async () =>
    (await db(kind.subgraph).query<[{ n: number }]>(`SELECT count(*)::int AS n FROM ${kind.subgraph}.history`))[0].n;

  it.each([
    ['through the gateway', () => hub.gateway.graphqlUrl],
    [`directly against the ${kind.subgraph} subgraph`, () => hub.subgraphs.get(kind.subgraph)?.server.graphqlUrl ?? ''],
  ])('denies create, update and archive %s, and changes nothing', async (_how, target) => {
    const measures = await db(kind.subgraph).query<MeasureState[]>(
      `SELECT id, version, ${kind.ownerColumn} AS owner, ${kind.landColumn} AS land FROM ${table} ORDER BY id`,
    );
    const before = await snapshot();
    const historyBefore = await historyCount();
    let attempts = 0;

    for (const { token, label, targets, createFor } of await kind.attempts(measures)) {
      const { document, count: expected } = forbiddenWrites(kind, label, targets, createFor);
      const result = await graphql<Record<string, unknown>>(
        target(),
        document,
        undefined,
        token,
        // Directly against the subgraph: as the gateway would send it, with its credential.
        await headersFor(hub, target()),
      );
      attempts += expected;
      expect(result.errors).toHaveLength(expected);
      for (const error of result.errors ?? []) {
        expect({ label, path: error.path, code: error.extensions?.['code'] }).toEqual({
          label,
          path: error.path,
          code: 'FORBIDDEN',
        });
      }
      expect(Object.values(result.data ?? {}).every((v) => v === null)).toBe(true);
    }

    expect(attempts).toBeGreaterThan(kind.minimum(measures));
    expect(await snapshot()).toEqual(before);
    expect(await historyCount()).toBe(historyBefore);
  });
});

describe('federal measures: what an owner may do', () => {
  const federalDb = () => db('federal');

  it('lets each Ressort write its own measures', async () => {
    const [mine] = await federalDb().query<{ id: string; version: number }[]>(
      `SELECT id, version FROM federal.measure WHERE owner_code = 'BMFSFJ' ORDER BY id LIMIT 1`,
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
