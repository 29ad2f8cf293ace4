import { placeEditor, TEST_AUTH } from '../support/auth';
import { headersFor } from '../support/gateway-credential';
import { graphql } from '../support/graphql';
import { startTestHub, type TestHub } from '../support/test-hub';

/**
 * The Länder and Kommunen keep the final say over their own measures. Every Land's editor
 * tries to write every other Land's measures (and those of its Kommunen); Kommune editors try
 * their neighbours' measures and their own Land's. Through the gateway and directly against
 * the laender subgraph, everything is refused and nothing changes.
 */
let hub: TestHub;

interface MeasureState {
  id: string;
  version: number;
  ars: string;
  land: string;
}

/** Each seeded Kommune measure and an editor of a neighbouring Kreis. */
const NEIGHBOURS: Record<string, string> = {
  '05114': '05166', // Krefeld – Kreis Viersen
  '06435': '06440', // Main-Kinzig-Kreis – Wetteraukreis
  '08436': '08435', // Landkreis Ravensburg – Bodenseekreis
  '08311': '08315', // Freiburg im Breisgau – Breisgau-Hochschwarzwald
};

const LAENDER = Array.from({ length: 16 }, (_, i) => String(i + 1).padStart(2, '0'));

beforeAll(async () => {
  hub = await startTestHub({ auth: TEST_AUTH });
});

afterAll(async () => {
  await hub?.stop();
});

function db() {
  const laender = hub.subgraphs.get('laender');
  if (!laender) throw new Error('laender not running');
  return laender.prepared.database.dataSource;
}

const snapshot = () =>
  db().query<unknown[]>(
    `SELECT id, version, title, ars, archived_at, updated_at, updated_by FROM laender.measure ORDER BY id`,
  );
const historyCount = async () =>
  (await db().query<[{ n: number }]>('SELECT count(*)::int AS n FROM laender.history'))[0].n;

function writes(targets: MeasureState[], createAt: string[], label: string): { document: string; count: number } {
  const fields = [
    ...createAt.map(
      (ars, i) => `c${i}: createRegionalMeasure(input: {
        title: "Übergriff ${label} auf ${ars}", type: COUNSELLING, ars: "${ars}", areas: [SOCIETY],
        targetGroups: [FAMILIES], grundangebot: COMPLEMENTARY, fundingMethod: PROGRAMME,
        successControl: { status: RUNNING } }) { measure { id } }`,
    ),
    ...targets.map(
      (m, i) =>
        `u${i}: updateRegionalMeasure(id: "${m.id}", version: ${m.version}, input: { title: "geändert von ${label}" }) { measure { id } }`,
    ),
    ...targets.map(
      (m, i) =>
        `a${i}: archiveRegionalMeasure(id: "${m.id}", version: ${m.version}, reason: "Übergriff") { measure { id } }`,
    ),
  ];
  return { document: `mutation { ${fields.join('\n')} }`, count: fields.length };
}

async function expectAllForbidden(url: string, editorArs: string, targets: MeasureState[], createAt: string[]) {
  const { document, count } = writes(targets, createAt, editorArs);
  const result = await graphql<Record<string, unknown>>(
    url,
    document,
    undefined,
    await placeEditor(editorArs),
    // Directly against the subgraph: as the gateway would send it, with its credential.
    await headersFor(hub, url),
  );
  expect(result.errors).toHaveLength(count);
  for (const error of result.errors ?? []) {
    expect({ editorArs, path: error.path, code: error.extensions?.['code'] }).toEqual({
      editorArs,
      path: error.path,
      code: 'FORBIDDEN',
    });
  }
  return count;
}

describe('Land and Kommune measures', () => {
  it.each([
    ['through the gateway', () => hub.gateway.graphqlUrl],
    ['directly against the laender subgraph', () => hub.subgraphs.get('laender')?.server.graphqlUrl ?? ''],
  ])(
    'deny every Land the other Länder’s measures and Kommunen their neighbours’ and their Land’s, %s',
    async (_how, target) => {
      const measures = await db().query<MeasureState[]>(
        `SELECT id, version, ars, land FROM laender.measure ORDER BY id`,
      );
      const before = await snapshot();
      const historyBefore = await historyCount();
      let attempts = 0;

      for (const land of LAENDER) {
        const others = measures.filter((m) => m.land !== land);
        attempts += await expectAllForbidden(
          target(),
          land,
          others,
          LAENDER.filter((l) => l !== land),
        );
      }
      for (const [kommune, neighbour] of Object.entries(NEIGHBOURS)) {
        const own = measures.filter((m) => m.ars === kommune);
        expect(own.length).toBeGreaterThan(0);
        attempts += await expectAllForbidden(target(), neighbour, own, [kommune]);
        // A Kommune does not write its Land's measures either.
        const landMeasures = measures.filter((m) => m.ars === kommune.slice(0, 2));
        attempts += await expectAllForbidden(target(), kommune, landMeasures, [kommune.slice(0, 2)]);
      }

      expect(attempts).toBeGreaterThan(16 * measures.length);
      expect(await snapshot()).toEqual(before);
      expect(await historyCount()).toBe(historyBefore);
    },
  );
});
