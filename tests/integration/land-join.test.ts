import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { RunningGateway } from '../../gateway/gateway';
import { register, unregister, type RegistryFiles } from '../../schema/register';
import { readRegistry, readRegistryFile, REGISTRY_PATH, SUPERGRAPH_PATH } from '../../schema/registry';
import { checkCandidate } from '../../schema/checks/check-candidate';
import { landBySubgraph } from '../../subgraphs/land-by';
import { landXxSubgraph } from '../../subgraphs/land-template';
import type { LandLoaders } from '../../subgraphs/shared/land-kit';
import { closeDatabase, prepareSubgraph, type PreparedSubgraph } from '../../subgraphs/shared/server/prepare-subgraph';
import { startSubgraphServer, type RunningSubgraph } from '../../subgraphs/shared/server/subgraph-server';
import { spawnTs } from '../support/child-process';
import { graphql, graphqlOk } from '../support/graphql';
import { startOwnGateway } from '../support/own-gateway';
import { startTestHub, type TestHub } from '../support/test-hub';

/**
 * A Land's subgraph joins a running hub: checked, registered into (temporary copies of) the
 * registry and supergraph, picked up by the running gateway without a restart, and removed again.
 * The tests of the second describe block run in order: register, query, unregister.
 */

const NOTE = 'Beispieldaten, erfunden – zeigt nur, wie ein Land eigene Daten einbringt';
const OWNER = 'Freistaat Bayern (example)';
const CONTACT = 'integration-hub@example.invalid';

let hub: TestHub;
let gateway: RunningGateway;
let landBy: { prepared: PreparedSubgraph<LandLoaders>; server: RunningSubgraph };
let folder: string;
let files: RegistryFiles;
let originalRegistry: string;
let originalSupergraph: string;

beforeAll(async () => {
  hub = await startTestHub();
  folder = mkdtempSync(path.join(tmpdir(), 'hub-land-join-'));
  files = {
    registry: path.join(folder, 'subgraphs.json'),
    supergraph: path.join(folder, 'supergraph.graphql'),
    snapshots: path.join(folder, 'land-subgraphs'),
  };
  copyFileSync(REGISTRY_PATH, files.registry);
  copyFileSync(SUPERGRAPH_PATH, files.supergraph);
  originalRegistry = readFileSync(files.registry, 'utf8');
  originalSupergraph = readFileSync(files.supergraph, 'utf8');
  // A second gateway on the temporary supergraph, routed to the hub's running subgraphs.
  // Its credential, signed with the hub's key, is also what Bayern's subgraph below verifies.
  gateway = await startOwnGateway(hub, { supergraphPath: files.supergraph });
  // Bayern's subgraph, in its own schema land_by on the hub's database, on a free port.
  const prepared = await prepareSubgraph(landBySubgraph, { databaseUrl: hub.databaseUrl });
  const server = await startSubgraphServer(landBySubgraph, prepared.database.dataSource, {
    port: 0,
    logLevel: 'silent',
    // A Land's subgraph holds only the gateway's public key.
    gatewayTrust: { publicKey: hub.gatewayKeys.publicKey },
  });
  landBy = { prepared, server };
});

afterAll(async () => {
  await gateway?.stop();
  await landBy?.server.stop();
  if (landBy) await closeDatabase(landBy.prepared.database.dataSource);
  await hub?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const PROBE = '{ place(ars: "09564") { byCoursePlaces { id } } }';

async function probeCodes(): Promise<string[]> {
  const result = await graphql(gateway.graphqlUrl, PROBE);
  return (result.errors ?? []).map((e) => String(e.extensions?.['code']));
}

async function ready(): Promise<{ schemaVersion: string; subgraphs: { name: string; up: boolean }[] }> {
  return (await (await fetch(`${gateway.url}/ready`)).json()) as {
    schemaVersion: string;
    subgraphs: { name: string; up: boolean }[];
  };
}

/** Federal, catalogue and Bavarian data for Nürnberg, Bayern and Berlin in one query. */
const JOINED_QUERY = `{
  nuernberg: place(ars: "09564") {
    name
    federalOffers(first: 3) { title }
    regionalOffers { id }
    byCoursePlaces {
      id course seats groups period isExample note sources
      kreis { ars name }
      measure { id title }
      targetGroups { code label }
    }
    byContactPoints { name services isExample note viewerCanEdit kreis { name } }
  }
  bayern: place(ars: "09") { name byCoursePlaces(first: 2) { id kreis { name } } }
  berlin: place(ars: "11000") { name federalOffers(first: 1) { title } byCoursePlaces { id } byContactPoints { id } }
  targetGroup(code: CHILDREN_AND_YOUTH) {
    label
    federalOffers(first: 3) { title }
    nuernberg: byCoursePlaceCount(ars: "09564") { ars coursePlaces seats includesExampleData }
    bayern: byCoursePlaceCount { ars coursePlaces seats includesExampleData }
    berlin: byCoursePlaceCount(ars: "11000") { coursePlaces }
  }
  bik: regionalMeasure(id: "measure:land:by:berufsintegrationsklassen") {
    title
    byDetails { ars isExample note sources facts { label value unit approximate period example text } }
  }
  willkommensklassen: regionalMeasure(id: "measure:land:be:willkommensklassen") { title byDetails { isExample } }
}`;

interface CoursePlace {
  id: string;
  course: string;
  seats: number;
  isExample: boolean;
  note: string | null;
  sources: string[];
  kreis: { ars: string; name: string };
  measure: { id: string; title: string } | null;
  targetGroups: { code: string; label: string }[];
}

interface Joined {
  nuernberg: {
    name: string;
    federalOffers: { title: string }[];
    regionalOffers: { id: string }[];
    byCoursePlaces: CoursePlace[] | null;
    byContactPoints: {
      name: string;
      isExample: boolean;
      note: string;
      viewerCanEdit: boolean;
      kreis: { name: string };
    }[];
  };
  bayern: { name: string; byCoursePlaces: { id: string; kreis: { name: string } }[] };
  berlin: { name: string; federalOffers: unknown[]; byCoursePlaces: null; byContactPoints: null };
  targetGroup: {
    label: string;
    federalOffers: unknown[];
    nuernberg: { ars: string; coursePlaces: number; seats: number; includesExampleData: boolean };
    bayern: { ars: string; coursePlaces: number; seats: number; includesExampleData: boolean };
    berlin: null;
  };
  bik: {
    title: string;
    byDetails: {
      ars: string;
      isExample: boolean;
      note: string;
      sources: string[];
      facts: {
        label: string;
        value: number | null;
        approximate: boolean;
        period: string | null;
        example: string | null;
        text: string;
      }[];
    };
  };
  willkommensklassen: { title: string; byDetails: null };
}

describe('the Land template', () => {
  const templateSdl = readFileSync(landXxSubgraph.schemaFile, 'utf8');

  it('builds as a subgraph and composes with the hub, but is refused until its namespace is renamed', () => {
    expect(() =>
      buildSubgraphSchema({ typeDefs: landXxSubgraph.typeDefs, resolvers: landXxSubgraph.resolvers as never }),
    ).not.toThrow();
    const report = checkCandidate(
      { name: 'land-xx', url: 'http://127.0.0.1:4199/graphql', sdl: templateSdl, kind: 'land', land: '00' },
      readRegistry(),
      originalSupergraph,
    );
    expect(report.compositionErrors).toEqual([]);
    expect(report.policyViolations.map((v) => v.rule)).toEqual(['UNKNOWN_LAND']);
  });

  it('passes the check once renamed as its README says (xx → he for Hessen, 06)', () => {
    const renamed = templateSdl.replace(/xx/g, 'he').replace(/Xx/g, 'He');
    const report = checkCandidate(
      { name: 'land-he', url: 'http://127.0.0.1:4106/graphql', sdl: renamed, kind: 'land', land: '06' },
      readRegistry(),
      originalSupergraph,
    );
    expect(report).toMatchObject({ ok: true, compositionErrors: [], policyViolations: [], breakingChanges: [] });
  });

  it('migrates and seeds its own schema', async () => {
    const prepared = await prepareSubgraph(landXxSubgraph, { databaseUrl: hub.databaseUrl });
    try {
      expect(prepared.migrations).toEqual(['CreateLandXxSchema1765000000000']);
      expect(prepared.seed).toEqual({ coursePlaces: 0, contactPoints: 0, measureDetails: 0 });
    } finally {
      await closeDatabase(prepared.database.dataSource);
    }
  });
});

describe('Bayern’s subgraph land-by', () => {
  it('seeds idempotently, and refuses rows of another Land and unlabelled rows', async () => {
    const db = landBy.prepared.database.dataSource;
    expect(landBy.prepared.seed).toEqual({ coursePlaces: 6, contactPoints: 3, measureDetails: 1 });
    const count = async () =>
      (await db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM land_by.course_place'))[0]?.n;
    await landBySubgraph.seed(db);
    await landBySubgraph.seed(db);
    expect(await count()).toBe(6);

    const seed = JSON.parse(readFileSync(path.join(__dirname, '../../subgraphs/land-by/seed/data.json'), 'utf8')) as {
      coursePlaces: Record<string, unknown>[];
    };
    const variant = (change: Record<string, unknown>) => {
      const file = path.join(folder, 'seed-variant.json');
      writeFileSync(file, JSON.stringify({ ...seed, coursePlaces: [{ ...seed.coursePlaces[0], ...change }] }));
      return () => landBySubgraph.loadSeed(file);
    };
    expect(variant({ kreisArs: '11000' })).toThrow(/kreisArs "11000" is not a Kreis of Bayern/);
    expect(variant({ note: '' })).toThrow(/a made-up row needs a note/);
    expect(variant({ isExample: false, sources: [] })).toThrow(/a real row needs its sources/);
    expect(variant({ measureId: 'measure:land:be:willkommensklassen' })).toThrow(/another Land's measure/);
    // The table refuses them too, whatever writes to it.
    await expect(
      db.query(
        `INSERT INTO land_by.course_place (id, kreis_ars, course, seats, is_example, note) VALUES ('x', '11000', 'x', 1, true, 'x')`,
      ),
    ).rejects.toThrow(/check constraint/);
  });
});

describe('a Land joins the running graph', () => {
  it('is checked by the CLI: a bad SDL file fails with the rule, land-by passes', async () => {
    const bad = path.join(folder, 'bad.graphql');
    writeFileSync(
      bad,
      `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])
type Place @key(fields: "ars") { ars: ID! name: String! beCourses: Int byCourses: Int }
`,
    );
    const paths = ['--registry', files.registry, '--supergraph', files.supergraph];
    const failing = spawnTs('schema/check-subgraph.ts', {}, [
      bad,
      ...['--name', 'land-bad', '--land', '09', '--url', 'http://127.0.0.1:9/graphql'],
      ...paths,
    ]);
    expect(await failing.exited).toBe(1);
    expect(failing.output()).toContain('Check of subgraph "land-bad": FAILED');
    expect(failing.output()).toContain('REDEFINES_HUB_FIELD Place.name');
    expect(failing.output()).toContain('TOUCHES_OTHER_LAND Place.beCourses');

    // The CLI asks the running subgraph for its SDL as the gateway does, with its key.
    const passing = spawnTs('schema/check-subgraph.ts', { GATEWAY_SIGNING_KEY: hub.gatewayKeys.privateKey }, [
      landBy.server.graphqlUrl,
      ...['--name', 'land-by', '--land', '09'],
      ...paths,
    ]);
    expect(await passing.exited).toBe(0);
    expect(passing.output()).toContain('Check of subgraph "land-by": PASSED');
  });

  it('refuses a candidate that redefines a hub field or uses another Land’s namespace, and changes nothing', async () => {
    const bad = path.join(folder, 'bad.graphql');
    const report = await register(
      {
        source: bad,
        name: 'land-bad',
        land: '09',
        url: 'http://127.0.0.1:9/graphql',
        owner: OWNER,
        contact: CONTACT,
      },
      files,
    );
    expect(report.ok).toBe(false);
    expect(report.policyViolations.map((v) => `${v.rule} ${v.coordinate}`)).toEqual([
      'REDEFINES_HUB_FIELD Place.name',
      'TOUCHES_OTHER_LAND Place.beCourses',
    ]);
    expect(readFileSync(files.registry, 'utf8')).toBe(originalRegistry);
    expect(readFileSync(files.supergraph, 'utf8')).toBe(originalSupergraph);
    expect(existsSync(path.join(files.snapshots, 'land-bad.graphql'))).toBe(false);
  });

  it('before registering, the gateway knows no by-fields', async () => {
    expect(await probeCodes()).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('registers land-by, and the running gateway serves its fields next to federal data without a restart', async () => {
    const before = await ready();
    const report = await register(
      {
        source: landBy.server.graphqlUrl,
        name: 'land-by',
        land: '09',
        owner: OWNER,
        contact: CONTACT,
        signingKey: hub.gatewayKeys.privateKey,
      },
      files,
    );
    expect(report).toMatchObject({ ok: true, compositionErrors: [], policyViolations: [], breakingChanges: [] });
    expect(readRegistryFile(files.registry).subgraphs.find((e) => e.name === 'land-by')).toMatchObject({
      routingUrl: landBy.server.graphqlUrl,
      kind: 'land',
      land: '09',
      owner: OWNER,
      contact: CONTACT,
    });
    expect(existsSync(path.join(files.snapshots, 'land-by.graphql'))).toBe(true);

    await until(async () => (await probeCodes()).length === 0);
    const after = await ready();
    expect(after.schemaVersion).not.toBe(before.schemaVersion);
    expect(after.subgraphs).toContainEqual(expect.objectContaining({ name: 'land-by', up: true }));

    const data = await graphqlOk<Joined>(gateway.graphqlUrl, JOINED_QUERY);
    // Nürnberg: the Bund's offers (federal), the place (laender) and Bayern's own rows (land-by).
    expect(data.nuernberg.name).toBe('Nürnberg');
    expect(data.nuernberg.federalOffers.length).toBeGreaterThan(0);
    expect(data.nuernberg.regionalOffers.map((m) => m.id)).toContain('measure:land:by:berufsintegrationsklassen');
    expect(data.nuernberg.byCoursePlaces?.map((c) => c.id)).toEqual(['by:course:09564:bik', 'by:course:09564:bik-v']);
    for (const row of data.nuernberg.byCoursePlaces ?? []) {
      expect(row).toMatchObject({
        isExample: true,
        note: NOTE,
        sources: [],
        kreis: { ars: '09564', name: 'Nürnberg' },
      });
      expect(row.measure?.title).toMatch(/^Berufsintegrationsklassen/);
      expect(row.targetGroups.map((g) => g.label)).toContain('Kinder und Jugendliche');
    }
    expect(data.nuernberg.byContactPoints).toEqual([
      expect.objectContaining({ isExample: true, note: NOTE, viewerCanEdit: false, kreis: { name: 'Nürnberg' } }),
    ]);
    expect(data.nuernberg.byContactPoints[0]?.name).toMatch(/^Beispiel-.*\(erfunden\)$/);
    // Bayern as a whole: its Kreise in ARS order.
    expect(data.bayern.byCoursePlaces.map((c) => c.kreis.name)).toEqual([
      'München, Landeshauptstadt',
      'München, Landeshauptstadt',
    ]);
    // Berlin: federal and catalogue data as always; Bayern says nothing about it.
    expect(data.berlin.name).toMatch(/^Berlin/);
    expect(data.berlin.federalOffers.length).toBeGreaterThan(0);
    expect(data.berlin.byCoursePlaces).toBeNull();
    expect(data.berlin.byContactPoints).toBeNull();
    // The aggregate per target group, flagged as containing example data.
    expect(data.targetGroup.label).toBe('Kinder und Jugendliche');
    expect(data.targetGroup.federalOffers.length).toBeGreaterThan(0);
    expect(data.targetGroup.nuernberg).toEqual({
      ars: '09564',
      coursePlaces: 2,
      seats: 112,
      includesExampleData: true,
    });
    expect(data.targetGroup.bayern).toEqual({ ars: '09', coursePlaces: 5, seats: 320, includesExampleData: true });
    expect(data.targetGroup.berlin).toBeNull();
    // Real facts keep their sources; another Land's measure gets nothing from Bayern.
    expect(data.bik.byDetails).toMatchObject({ ars: '09', isExample: false });
    expect(data.bik.byDetails.sources).toHaveLength(4);
    expect(data.bik.byDetails.sources).toContain(
      'https://www.bsz-schweinfurt.de/schularten/berufsschule-iii/berufsvorbereitung/berufsintegrationsklasse-vorklasse-bik-v',
    );
    expect(data.bik.byDetails.facts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ value: 400, approximate: true, period: 'Schuljahr 2015/16' }),
        expect.objectContaining({ value: 20, unit: 'Stunden', example: 'Schweinfurt' }),
        expect.objectContaining({ value: 17, example: 'Schweinfurt' }),
        expect.objectContaining({ value: 21, approximate: false }),
        expect.objectContaining({ value: 25 }),
      ]),
    );
    expect(data.willkommensklassen.title).toBeTruthy();
    expect(data.willkommensklassen.byDetails).toBeNull();
  });

  it('asks Bayern’s database once per relation, however many places the gateway asks about', async () => {
    const counter = landBy.prepared.database.sqlCounter;
    counter.reset();
    const data = await graphqlOk<{ places: { items: { byCoursePlaces: unknown[]; byContactPoints: unknown[] }[] } }>(
      gateway.graphqlUrl,
      '{ places(land: "09", first: 200) { items { ars byCoursePlaces { id } byContactPoints { id } } } }',
    );
    expect(data.places.items.length).toBeGreaterThan(90);
    expect(data.places.items.every((p) => Array.isArray(p.byCoursePlaces))).toBe(true);
    expect(counter.total).toBe(2);
  });

  it('unregisters: the by-fields are gone, everything else still answers', async () => {
    unregister('land-by', files);
    expect(readFileSync(files.registry, 'utf8')).toBe(originalRegistry);
    expect(readFileSync(files.supergraph, 'utf8')).toBe(originalSupergraph);
    expect(existsSync(path.join(files.snapshots, 'land-by.graphql'))).toBe(false);

    await until(async () => (await probeCodes()).includes('GRAPHQL_VALIDATION_FAILED'));
    const data = await graphqlOk<{ place: { name: string; federalOffers: unknown[]; regionalOffers: unknown[] } }>(
      gateway.graphqlUrl,
      '{ place(ars: "09564") { name federalOffers { title } regionalOffers { title } } }',
    );
    expect(data.place.name).toBe('Nürnberg');
    expect(data.place.federalOffers.length).toBeGreaterThan(0);
    expect((await ready()).subgraphs.map((s) => s.name)).not.toContain('land-by');
  });
});
