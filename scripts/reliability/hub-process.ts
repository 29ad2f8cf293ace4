/**
 * The hub as `npm start` runs it (`scripts/start.ts`, after the explorer build its prestart does),
 * on free ports with a temporary data folder and a JWT_SECRET of this run, so that the run can
 * mint editor and operator tokens. Each service's pid is found by the port it listens on, so the
 * run works whether the hub is one process or one per service.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { readRegistry, REPO_ROOT } from '../../schema/registry';
import { mintToken, type TokenClaims } from '../../subgraphs/shared/platform/auth/mint-token';
import type { Role } from '../../subgraphs/shared/platform/auth/viewer';
import { freePort, spawnTs, type Child } from '../bench/processes';
import { HEADLINE } from '../bench/queries';
import { parseGraphql, postGraphql } from './http';
import { alive, pidListeningOn } from './ports';

export interface Hub {
  child: Child;
  origin: string;
  graphqlUrl: string;
  /** Subgraph name → port. */
  subgraphPorts: Record<string, number>;
  gatewayPort: number;
  postgresPort: number;
  dataDir: string;
  /** The temporary folder holding dataDir (removed at the end). */
  folder: string;
  secret: string;
  startSeconds: number;
  /** Everything the hub printed, up to the ready line. */
  startOutput: string;
  token(roles: string[], extra?: Partial<TokenClaims>, expiresIn?: string): Promise<string>;
  stop(): Promise<void>;
}

/** What `npm start`'s prestart does: build the explorer and the dashboard when stale. */
export function buildWebIfStale(): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'web/build.ts', '--if-stale'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('web/build.ts --if-stale failed');
}

/** The postmaster's pid from `<dataDir>/postmaster.pid`, or null when none runs. */
export function postmasterPid(dataDir: string): number | null {
  const file = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : null;
}

/** A PostgreSQL left behind (restarted by the run outside the hub's process tree) gets a fast shutdown. */
async function stopStrayPostgres(dataDir: string): Promise<void> {
  const pid = postmasterPid(dataDir);
  if (pid === null) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

export async function headlineAnswers(url: string): Promise<boolean> {
  const answer = await postGraphql(url, HEADLINE, { deadlineMs: 10_000 });
  const body = parseGraphql(answer);
  return answer.status === 200 && body?.data !== undefined && body.data !== null && !body.errors;
}

export async function startReliabilityHub(extraEnv: Record<string, string>): Promise<Hub> {
  const folder = mkdtempSync(path.join(tmpdir(), 'hub-reliability-'));
  const dataDir = path.join(folder, 'postgres');
  const secret = randomBytes(32).toString('hex');
  const gatewayPort = await freePort();
  const postgresPort = await freePort();
  const subgraphPorts: Record<string, number> = {};
  const env: Record<string, string> = {
    DATABASE_URL: '',
    PGDATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(postgresPort),
    PORT: String(gatewayPort),
    JWT_SECRET: secret,
    LOG_LEVEL: 'warn',
  };
  for (const entry of readRegistry()) {
    subgraphPorts[entry.name] = await freePort();
    env[`${entry.name.toUpperCase()}_PORT`] = String(subgraphPorts[entry.name]);
  }
  const started = performance.now();
  const child = spawnTs('hub (scripts/start.ts)', 'scripts/start.ts', { ...env, ...extraEnv });
  const origin = `http://127.0.0.1:${gatewayPort}`;
  const graphqlUrl = `${origin}/graphql`;
  const stop = async () => {
    await child.stop(20_000);
    await stopStrayPostgres(dataDir);
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    // Ready when the headline query, which needs four subgraphs, is answered in full.
    const deadline = Date.now() + 240_000;
    for (;;) {
      if (child.process.exitCode !== null || child.process.signalCode !== null) {
        throw new Error(`the hub exited before it was ready:\n${child.output()}`);
      }
      if (pidListeningOn(gatewayPort) !== null && (await headlineAnswers(graphqlUrl))) break;
      if (Date.now() > deadline) throw new Error(`the hub was not ready within 240 s:\n${child.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // Subgraphs the headline query does not need (analytics) may come up a little later.
    const allDeadline = Date.now() + 60_000;
    while (Date.now() < allDeadline && Object.values(subgraphPorts).some((port) => pidListeningOn(port) === null)) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    child,
    origin,
    graphqlUrl,
    subgraphPorts,
    gatewayPort,
    postgresPort,
    dataDir,
    folder,
    secret,
    startSeconds: (performance.now() - started) / 1000,
    startOutput: child.output(),
    token: (roles, extra = {}, expiresIn = '1h') =>
      mintToken({ secret }, { sub: `reliability:${roles.join('+')}`, ...extra, roles: roles as Role[] }, expiresIn),
    stop,
  };
}

/** The owner (uid, gid) of the data folder: pg_ctl must run as the user PostgreSQL runs as. */
export function dataDirOwner(dataDir: string): { uid: number; gid: number } {
  const info = statSync(dataDir);
  return { uid: info.uid, gid: info.gid };
}
