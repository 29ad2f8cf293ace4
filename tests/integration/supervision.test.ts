import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readRegistry } from '../../schema/registry';
import { isRunning, listeningPid } from '../../subgraphs/shared/platform/process-info';
import { portOpen } from '../../subgraphs/shared/platform/stale-postgres';
import { spawnTs, type Spawned } from '../support/child-process';
import { freePort } from '../support/free-port';
import { graphql, type GraphQLResponse } from '../support/graphql';
import { HEADLINE_QUERY } from '../../web/operations';

/**
 * `npm start` as one process per service, supervised: kill -9 of a subgraph costs only its
 * fields until the launcher has restarted it; kill -9 of the launcher leaves nothing running, and
 * the next start on the same data folder comes up, also after PostgreSQL was left without its
 * owner; Ctrl-C stops everything. One hub run after another in a single test, as each start
 * costs a good part of a minute on a busy machine.
 */
jest.setTimeout(15 * 60_000);

const START_TIMEOUT_MS = 5 * 60_000;
const CONDITION_TIMEOUT_MS = 2 * 60_000;
const VARIABLES = { code: 'PROTECTION_HOLDERS', ars: '11000' };

interface Headline {
  targetGroup: { federalOffers: unknown[] | null; researchOutputs: unknown[] | null } | null;
  place: { name: string } | null;
}

/** The launcher as `npm start` runs it, but as one node process, so kill -9 hits the launcher itself. */
function startLauncher(env: Record<string, string>): Spawned {
  return spawnTs('scripts/start.ts', env, [], { direct: true });
}

async function waitUntil<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = CONDITION_TIMEOUT_MS,
  describe: () => string = () => 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function headline(url: string): Promise<GraphQLResponse<Headline> | undefined> {
  try {
    return await graphql<Headline>(url, HEADLINE_QUERY, VARIABLES);
  } catch {
    return undefined; // the gateway is not answering (yet)
  }
}

function isWhole(result: GraphQLResponse<Headline> | undefined): boolean {
  const tg = result?.data?.targetGroup;
  return !result?.errors?.length && (tg?.federalOffers?.length ?? 0) > 5 && (tg?.researchOutputs?.length ?? 0) > 0;
}

describe('npm start: one process per service, supervised', () => {
  let dataDir: string;
  const env: Record<string, string> = {};
  const ports = new Map<string, number>();
  let launcher: Spawned | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'hub-supervision-'));
    ports.set('postgres', await freePort());
    ports.set('gateway', await freePort());
    Object.assign(env, {
      DATABASE_URL: '',
      PGDATA_DIR: path.join(dataDir, 'postgres'),
      EMBEDDED_PG_PORT: String(ports.get('postgres')),
      PORT: String(ports.get('gateway')),
      // Every answer must come from the subgraphs: a cached one would hide the missing research.
      RESPONSE_CACHE: 'off',
      SUBGRAPH_TIMEOUT_MS: '3000',
    });
    for (const { name } of readRegistry()) {
      const port = await freePort();
      ports.set(name, port);
      env[`${name.toUpperCase()}_PORT`] = String(port);
    }
  });

  afterAll(async () => {
    if (launcher && launcher.child.exitCode === null && launcher.child.signalCode === null) {
      launcher.child.kill('SIGKILL');
    }
    // Whatever survived a failed test: its services stop themselves once the launcher is gone…
    await waitUntil(async () => ((await anyPortOpen()) ? undefined : true)).catch(() => undefined);
    // …but a PostgreSQL whose database service was killed has nobody to stop it.
    const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
    const postgresPid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
    if (postgresPid > 0 && isRunning(postgresPid)) process.kill(postgresPid, 'SIGINT');
    await rm(dataDir, { recursive: true, force: true });
  });

  const servicePorts = () => [...ports].filter(([name]) => name !== 'postgres');
  const anyPortOpen = async () => (await Promise.all([...ports.values()].map((p) => portOpen(p)))).some(Boolean);
  const gatewayUrl = () => `http://127.0.0.1:${ports.get('gateway')}/graphql`;

  /** Every service and PostgreSQL, by the process listening on its port. */
  const ownersOfPorts = () => new Map([...ports].map(([name, port]) => [name, listeningPid(port)]));

  async function startAndWait(): Promise<Spawned> {
    const started = startLauncher(env);
    await started.waitFor(/Press Ctrl-C to stop\./, START_TIMEOUT_MS);
    return started;
  }

  async function expectAllGone(pids: number[]): Promise<void> {
    await waitUntil(
      async () => ((await anyPortOpen()) ? undefined : true),
      CONDITION_TIMEOUT_MS,
      () => 'ports closed',
    );
    await waitUntil(
      async () => (pids.some(isRunning) ? undefined : true),
      CONDITION_TIMEOUT_MS,
      () => 'pids gone',
    );
  }

  it('restarts a killed subgraph, leaves nothing behind after kill -9 of the launcher, and starts again', async () => {
    // 1. One process per service.
    launcher = await startAndWait();
    expect(launcher.output()).toMatch(/gateway\s+http:\/\/127\.0\.0\.1:\d+\/graphql/);
    expect(launcher.output()).toMatch(/subgraph research\s+http:\/\/127\.0\.0\.1:\d+\/graphql/);
    const owners = ownersOfPorts();
    const servicePids = servicePorts().map(([name]) => owners.get(name));
    expect(servicePids.every((pid) => pid !== undefined)).toBe(true);
    const pids = [...owners.values()] as number[];
    expect(new Set([...pids, launcher.child.pid]).size).toBe(pids.length + 1);
    expect(isWhole(await headline(gatewayUrl()))).toBe(true);

    // 2. kill -9 of one subgraph: its fields are missing, the rest answers; then it is back.
    const researchPid = owners.get('research') as number;
    process.kill(researchPid, 'SIGKILL');
    const partial = await waitUntil(async () => {
      const result = await headline(gatewayUrl());
      return result?.errors?.some((e) => e.extensions?.['serviceName'] === 'research') ? result : undefined;
    });
    expect(partial.errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'research' });
    expect(partial.data?.targetGroup?.researchOutputs).toBeNull();
    expect(partial.data?.targetGroup?.federalOffers?.length).toBeGreaterThan(5);
    expect(partial.data?.place?.name).toMatch(/^Berlin/);
    await launcher.waitFor(/research \(pid \d+\) exited unexpectedly \(signal SIGKILL\); restarting/, START_TIMEOUT_MS);
    await launcher.waitFor(/research is back \(pid \d+/, START_TIMEOUT_MS);
    await waitUntil(async () => (isWhole(await headline(gatewayUrl())) ? true : undefined));
    const restarted = listeningPid(ports.get('research') as number);
    expect(restarted).toBeDefined();
    expect(restarted).not.toBe(researchPid);

    // 3. kill -9 of the launcher: every service and PostgreSQL stop by themselves.
    const running = [...ownersOfPorts().values()].filter((pid): pid is number => pid !== undefined);
    launcher.child.kill('SIGKILL');
    await expectAllGone(running);

    // 4. The next start on the same folder comes up. This time the database service dies with
    // the launcher, so PostgreSQL is left running without its owner, as after a kill -9 of a
    // hub that ran everything in one process.
    launcher = await startAndWait();
    expect(isWhole(await headline(gatewayUrl()))).toBe(true);
    const postgresPid = listeningPid(ports.get('postgres') as number) as number;
    const databaseService = /database (\d+)/.exec(launcher.output())?.[1];
    expect(databaseService).toBeDefined();
    const beforeKill = [...ownersOfPorts().values()].filter((pid): pid is number => pid !== undefined);
    // The database service first: killed second, it could notice its launcher was gone and stop PostgreSQL.
    process.kill(Number(databaseService), 'SIGKILL');
    launcher.child.kill('SIGKILL');
    await waitUntil(async () => (servicePorts().some(([, p]) => listeningPid(p)) ? undefined : true));
    expect(isRunning(postgresPid)).toBe(true);
    expect(existsSync(path.join(env['PGDATA_DIR'] as string, 'postmaster.pid'))).toBe(true);

    // 5. …and the next start stops that PostgreSQL, says so, and comes up; Ctrl-C stops all, exit 0.
    launcher = await startAndWait();
    expect(launcher.output()).toMatch(/left running in .* by an earlier hub that was killed; stopping it/);
    expect(isRunning(postgresPid)).toBe(false);
    expect(isWhole(await headline(gatewayUrl()))).toBe(true);
    const last = [...ownersOfPorts().values()].filter((pid): pid is number => pid !== undefined);
    launcher.child.kill('SIGINT');
    expect(await launcher.exited).toBe(0);
    await expectAllGone([...beforeKill, ...last]);
  });
});
