import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { schemaVersion } from '../../gateway/supergraph';
import { compose, sourcesOf } from '../../schema/compose';
import { readRegistry, routingUrlEnvName, SUPERGRAPH_PATH, writeFileAtomically } from '../../schema/registry';
import { editorOf, operator, TEST_AUTH } from '../support/auth';
import { spawnTs, type Spawned } from '../support/child-process';
import { freePort } from '../support/free-port';
import { gatewayHeaders } from '../support/gateway-credential';
import { onNewConnection, until, type RawResponse } from '../support/http';
import { createFederalTestMeasure } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

/**
 * `gateway/main.ts` with GATEWAY_WORKERS=2, as its own process in front of a running hub's
 * subgraphs. Every request goes on a new connection, so the primary hands them to both workers.
 */
let hub: TestHub;
let folder: string;
let supergraphFile: string;
const running: Spawned[] = [];

beforeAll(async () => {
  hub = await startTestHub({ auth: TEST_AUTH });
  folder = mkdtempSync(path.join(tmpdir(), 'hub-cluster-'));
  supergraphFile = path.join(folder, 'supergraph.graphql');
  copyFileSync(SUPERGRAPH_PATH, supergraphFile);
});

/** Every process of a cluster by the pids it printed: killing `tsx` alone would orphan them. */
function clusterPids(cluster: Spawned): number[] {
  return [...cluster.output().matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]));
}

afterAll(async () => {
  for (const pid of running.flatMap(clusterPids)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  await hub?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

interface Cluster {
  process: Spawned;
  url: string;
  base: string;
}

async function startCluster(extraEnv: Record<string, string>): Promise<Cluster> {
  const env: Record<string, string> = {
    PORT: String(await freePort()),
    GATEWAY_WORKERS: '2',
    JWT_SECRET: TEST_AUTH.secret ?? '',
    // The gateway credential the hub's subgraphs verify.
    GATEWAY_SIGNING_KEY: hub.gatewayKeys.privateKey,
    SUPERGRAPH_PATH: supergraphFile,
    DATABASE_URL: '',
    ...extraEnv,
  };
  for (const [name, s] of hub.subgraphs) env[routingUrlEnvName(name)] = s.server.graphqlUrl;
  const gateway = spawnTs('gateway/main.ts', env);
  running.push(gateway);
  const [, url = ''] = await gateway.waitFor(/gateway: (http:\/\/\S+\/graphql) \(2 workers\)/, 60_000);
  return { process: gateway, url, base: url.replace(/\/graphql$/, '') };
}

const READ = 'query($id: ID!) { federalMeasure(id: $id) { title version } }';
const RENAME = `mutation($id: ID!, $version: Int!, $title: String!) {
  updateFederalMeasure(id: $id, version: $version, input: { title: $title }) { measure { version title } } }`;

let created = 0;
async function createMeasure(token: string): Promise<string> {
  created += 1;
  return createFederalTestMeasure(hub.gateway.graphqlUrl, token, `Cluster-Test Lotsen ${created}`);
}

interface Read {
  worker: string;
  cache: string | undefined;
  title: string;
  version: number;
}

async function read(cluster: Cluster, id: string): Promise<Read> {
  const response = await onNewConnection(cluster.url, { body: { query: READ, variables: { id } } });
  expect(response.status).toBe(200);
  const { federalMeasure } = response.json<{ data: { federalMeasure: { title: string; version: number } } }>().data;
  return { worker: response.headers['x-hub-worker'] ?? '?', cache: response.headers['x-hub-cache'], ...federalMeasure };
}

/** Reads on new connections until every worker has answered from its cache: both hold the answer. */
async function warm(cluster: Cluster, id: string): Promise<Read> {
  const hits = new Set<string>();
  let last: Read | undefined;
  for (let i = 0; i < 100 && hits.size < 2; i += 1) {
    last = await read(cluster, id);
    if (last.cache === 'hit') hits.add(last.worker);
  }
  expect(hits.size).toBe(2);
  return last as Read;
}

/** Reads on new connections until both workers have answered; returns every read. */
async function readOnEveryWorker(cluster: Cluster, id: string): Promise<Read[]> {
  const reads: Read[] = [];
  for (let i = 0; i < 100 && new Set(reads.map((r) => r.worker)).size < 2; i += 1) reads.push(await read(cluster, id));
  expect(new Set(reads.map((r) => r.worker)).size).toBe(2);
  return reads;
}

async function workerStats(cluster: Cluster): Promise<{ worker: number; pid: number; notifications: number }> {
  const response: RawResponse = await onNewConnection(`${cluster.base}/stats`, {
    headers: { authorization: `Bearer ${await operator()}` },
  });
  const stats = response.json<{
    worker: number;
    pid: number;
    responseCache: { changeFeed: { notifications: number; listening: boolean } | null };
  }>();
  return { worker: stats.worker, pid: stats.pid, notifications: stats.responseCache.changeFeed?.notifications ?? 0 };
}

describe('GATEWAY_WORKERS=2', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    // No DATABASE_URL: the workers hear of each other's writes only from the primary.
    cluster = await startCluster({});
  });

  it('answers on both workers, and a write through one is in the very next read on each', async () => {
    const token = await editorOf('BMAS');
    const id = await createMeasure(token);
    const before = await warm(cluster, id);

    const write = await onNewConnection(cluster.url, {
      body: { query: RENAME, variables: { id, version: before.version, title: `${before.title} (Cluster)` } },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(write.json().errors).toBeUndefined();
    const writer = write.headers['x-hub-worker'];

    const after = await readOnEveryWorker(cluster, id);
    expect(after.some((r) => r.worker !== writer)).toBe(true);
    for (const r of after)
      expect({ worker: r.worker, title: r.title }).toEqual({ worker: r.worker, title: `${before.title} (Cluster)` });
  });

  it('follows a new supergraph artifact in every worker', async () => {
    const sources = sourcesOf(readRegistry()).map((s) =>
      s.name === 'federal'
        ? { ...s, sdl: s.sdl.replace(/^(\s*)seat: String$/m, '$1seat: String\n$1clusterProbe: String') }
        : s,
    );
    const result = compose(sources);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    writeFileAtomically(supergraphFile, result.supergraphSdl);
    const expected = schemaVersion(result.supergraphSdl);

    // Each worker watches the file itself; wait until both serve the new version.
    const versions = new Map<string, string>();
    await until(
      async () => {
        const response = await onNewConnection(`${cluster.base}/ready`);
        versions.set(response.headers['x-hub-worker'] ?? '?', response.json<{ schemaVersion: string }>().schemaVersion);
        return versions.size === 2 && [...versions.values()].every((v) => v === expected);
      },
      'both workers to load the new supergraph',
      30_000,
    );
  });

  it('restarts a worker that crashed', async () => {
    const { worker, pid } = await workerStats(cluster);
    process.kill(pid, 'SIGKILL');
    await cluster.process.waitFor(/worker 3 started \(pid \d+\)/);
    expect(cluster.process.output()).toMatch(new RegExp(`worker ${worker} \\(pid ${pid}\\) exited \\(SIGKILL\\)`));
    // A restarted worker loads tsx and the gateway anew: slow on a busy machine.
    await until(async () => (await workerStats(cluster)).worker === 3, 'the new worker to answer', 60_000);
  }, 120_000);

  it('stops the primary and every worker on SIGTERM', async () => {
    // The primary and the three workers it started (two, and one in place of the crashed one).
    const pids = clusterPids(cluster.process);
    expect(new Set(pids).size).toBe(4);
    expect(await cluster.process.stop('SIGTERM')).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });
});

describe('GATEWAY_WORKERS=2 with DATABASE_URL', () => {
  it('shows a write sent straight to a subgraph on every worker once their change notices arrive', async () => {
    const token = await editorOf('BMAS');
    // Written before the cluster starts, so no notice of it is still on its way.
    const id = await createMeasure(token);
    const cluster = await startCluster({ DATABASE_URL: hub.databaseUrl });
    const before = await warm(cluster, id);

    const federal = hub.subgraphs.get('federal')?.server.graphqlUrl ?? '';
    const write = await onNewConnection(federal, {
      body: { query: RENAME, variables: { id, version: before.version, title: `${before.title} (direkt)` } },
      headers: { authorization: `Bearer ${token}`, ...(await gatewayHeaders(hub, 'federal')) },
    });
    expect(write.json().errors).toBeUndefined();

    // Each worker LISTENs itself: wait (an event, not a pause) until both have had the notice.
    const notices = new Map<number, number>();
    await until(async () => {
      const stats = await workerStats(cluster);
      notices.set(stats.worker, stats.notifications);
      return notices.size === 2 && [...notices.values()].every((n) => n >= 1);
    }, 'both workers to receive the change notice');

    for (const r of await readOnEveryWorker(cluster, id)) expect(r.title).toBe(`${before.title} (direkt)`);
    expect(await cluster.process.stop('SIGTERM')).toBe(0);
  });
});
