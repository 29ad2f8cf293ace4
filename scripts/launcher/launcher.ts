/**
 * `npm start`: one OS process per service, supervised. The database service (embedded
 * PostgreSQL, unless DATABASE_URL is set), then the subgraphs side by side, then the gateway,
 * then the subgraphs that read through it. A service that crashes is restarted with backoff while
 * the others keep answering; stop() ends them in the opposite order.
 */
import { createServer } from 'node:net';
import { provisionDatabaseRoles } from '../../subgraphs/shared/platform/db-roles';
import { describeProcess, listeningPid } from '../../subgraphs/shared/platform/process-info';
import { DEFAULT_DATA_DIR, DEFAULT_EMBEDDED_PORT } from '../../subgraphs/shared/platform/postgres';
import { portOpen } from '../../subgraphs/shared/platform/stale-postgres';
import type { DatabaseReadyMessage } from './database-service';
import {
  gatewayEnv,
  gatewayPort,
  HOST,
  hubSubgraphs,
  READS_THROUGH_GATEWAY,
  sharedSecrets,
  subgraphEnv,
  type SubgraphService,
} from './services';
import { SupervisedService, type BackoffOptions } from './supervisor';

export interface LauncherOptions {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  backoff?: Partial<BackoffOptions>;
  /** Longest wait for one service to become ready. */
  readyTimeoutMs?: number;
}

export interface RunningLauncher {
  gatewayUrl: string;
  subgraphUrls: Map<string, string>;
  /** Service name → pid of its current process. */
  pids(): Map<string, number | undefined>;
  stop(): Promise<void>;
}

const WIDTH = 9;

export async function startLauncher(options: LauncherOptions = {}): Promise<RunningLauncher> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  const say = (line: string) => log(`${'launcher'.padEnd(WIDTH)} | ${line}`);
  const readyTimeoutMs = options.readyTimeoutMs ?? 180_000;
  const services: SupervisedService[] = [];
  const supervise = (spec: ConstructorParameters<typeof SupervisedService>[0]) => {
    const service = new SupervisedService(spec, {
      log: say,
      prefixWidth: WIDTH,
      ...(options.backoff ? { backoff: options.backoff } : {}),
    });
    services.push(service);
    return service;
  };
  // Gateway first, then whatever reads through it… the opposite of the start order, database last.
  const stop = async () => {
    const order = [...services].reverse();
    const gateway = order.find((s) => s.name === 'gateway');
    const database = order.find((s) => s.name === 'database');
    await gateway?.stop();
    await Promise.all(order.filter((s) => s !== gateway && s !== database).map((s) => s.stop()));
    await database?.stop();
  };

  try {
    const subgraphs = await pinPorts(hubSubgraphs(env));
    const port = gatewayPort(env) || (await freePort());
    const gatewayGraphqlUrl = `http://${HOST}:${port}/graphql`;
    await ensurePortsFree([...subgraphs.map((s) => [s.port, `subgraph ${s.name}`] as const), [port, 'gateway']], say);
    const secrets = sharedSecrets(env);

    const adminUrl = await databaseAdminUrl(env, supervise, readyTimeoutMs, say);
    const urls = await databaseUrls(env, adminUrl, subgraphs, say);

    const startSubgraph = async (service: SubgraphService) => {
      const supervised = supervise({
        name: service.name,
        entry: service.entry,
        env: subgraphEnv(env, secrets, service, urls.subgraphs(service.name), gatewayGraphqlUrl),
        readyLine: new RegExp(`^${service.name}: (http://\\S+/graphql)`),
      });
      await withTimeout(supervised.start(), readyTimeoutMs, service.name);
      return supervised;
    };
    // Side by side: each migrates and seeds its own schema under its own advisory lock.
    await Promise.all(subgraphs.filter((s) => !READS_THROUGH_GATEWAY.has(s.name)).map(startSubgraph));

    const gateway = supervise({
      name: 'gateway',
      entry: 'gateway/main.ts',
      env: gatewayEnv(env, secrets, port, subgraphs, urls.gatewayListen),
      readyLine: /^gateway: (http:\/\/\S+\/graphql)/,
    });
    await withTimeout(gateway.start(), readyTimeoutMs, 'gateway');

    // Now that the gateway answers, the subgraphs that read through it; like the in-process hub,
    // the first refresh of their index is awaited (given up on after a while: it is retried).
    const readers = await Promise.all(subgraphs.filter((s) => READS_THROUGH_GATEWAY.has(s.name)).map(startSubgraph));
    await Promise.all(
      readers.map((r) => r.waitForLine(new RegExp(`^${r.name}: (index refreshed|refresh from)`), readyTimeoutMs)),
    );

    return {
      gatewayUrl: gatewayGraphqlUrl,
      subgraphUrls: new Map(subgraphs.map((s) => [s.name, `http://${HOST}:${s.port}/graphql`])),
      pids: () => new Map(services.map((s) => [s.name, s.pid])),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** DATABASE_URL, or else the URL of the embedded PostgreSQL the database service starts (and waits for). */
async function databaseAdminUrl(
  env: NodeJS.ProcessEnv,
  supervise: (spec: ConstructorParameters<typeof SupervisedService>[0]) => SupervisedService,
  readyTimeoutMs: number,
  say: (line: string) => void,
): Promise<string> {
  const url = env['DATABASE_URL'];
  if (url) {
    say(`PostgreSQL: ${redact(url)}`);
    return url;
  }
  const database = supervise({
    name: 'database',
    entry: 'scripts/launcher/database-service.ts',
    env: {
      ...env,
      PGDATA_DIR: env['PGDATA_DIR'] || DEFAULT_DATA_DIR,
      EMBEDDED_PG_PORT: env['EMBEDDED_PG_PORT'] || String(DEFAULT_EMBEDDED_PORT),
    },
    readyMessage: 'hub:database-ready',
  });
  const ready = await withTimeout(database.start(), readyTimeoutMs, 'database');
  const adminUrl = (ready.message as DatabaseReadyMessage).url;
  say(`PostgreSQL (embedded): ${redact(adminUrl)}`);
  return adminUrl;
}

interface ServiceDatabaseUrls {
  subgraphs(name: string): { url: string; migrationUrl?: string | undefined };
  gatewayListen: string;
}

/**
 * Where each service connects: one PostgreSQL role per service (subgraphs/shared/platform/db-roles.ts),
 * each subgraph at run time as a role limited to its own schema (DATABASE_URL) and migrating as
 * that schema's owner (MIGRATION_DATABASE_URL), the gateway listening as a role without table
 * rights. DATABASE_ROLES=off: every service gets the admin URL (a DATABASE_URL that is no superuser).
 */
async function databaseUrls(
  env: NodeJS.ProcessEnv,
  adminUrl: string,
  subgraphs: readonly SubgraphService[],
  say: (line: string) => void,
): Promise<ServiceDatabaseUrls> {
  if (['off', 'false', '0', 'no'].includes(env['DATABASE_ROLES']?.trim().toLowerCase() ?? '')) {
    return { subgraphs: () => ({ url: adminUrl }), gatewayListen: adminUrl };
  }
  // The hub's own subgraphs keep their data in the schema of their name (their modules' dbSchema).
  const roles = await provisionDatabaseRoles(
    adminUrl,
    subgraphs.map((s) => ({ name: s.name, dbSchema: s.name.replace(/-/g, '_') })),
    { log: say },
  );
  return {
    subgraphs: (name) => ({ url: roles[name]?.runtimeUrl ?? adminUrl, migrationUrl: roles[name]?.ownerUrl }),
    gatewayListen: roles.gateway.listenUrl,
  };
}

/** Port 0 means "any free one"; it is chosen here once, so a restarted service comes back on it. */
async function pinPorts(services: SubgraphService[]): Promise<SubgraphService[]> {
  const pinned: SubgraphService[] = [];
  for (const s of services) pinned.push(s.port === 0 ? { ...s, port: await freePort() } : s);
  return pinned;
}

/**
 * A hub killed a moment ago may still be closing its ports (its services stop when they notice
 * their launcher is gone), so a busy port is given a few seconds before it is reported, with the
 * process holding it when that can be found out.
 */
async function ensurePortsFree(ports: readonly (readonly [number, string])[], say: (line: string) => void) {
  const deadline = Date.now() + 10_000;
  let told = false;
  for (;;) {
    const busy: (readonly [number, string])[] = [];
    for (const entry of ports) if (await portOpen(entry[0])) busy.push(entry);
    if (busy.length === 0) return;
    if (Date.now() > deadline) {
      const lines = busy.map(([p, what]) => {
        const pid = listeningPid(p);
        return `port ${p} (${what}) is in use${pid ? ` by ${describeProcess(pid)}` : ''}`;
      });
      throw new Error(
        `Cannot start the hub: ${lines.join('; ')}. Is a hub from an earlier run still running? ` +
          'Stop it, or choose other ports (PORT, FEDERAL_PORT, …).',
      );
    }
    if (!told) say(`waiting for port(s) ${busy.map(([p]) => p).join(', ')} to be released…`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      );
    });
  });
}

/** Hides a password in a connection string before it is printed (as scripts/in-process-hub.ts, without loading it). */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} was not ready within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
