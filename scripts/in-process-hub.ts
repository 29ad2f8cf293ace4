import { gatewayConfigFromEnv, type GatewayConfig } from '../gateway/config';
import { startGateway, type RunningGateway } from '../gateway/gateway';
import { readRegistry } from '../schema/registry';
import { ALL_SUBGRAPHS } from '../subgraphs';
import { internalTokenProvider, readsThroughGateway, type AnalyticsSync } from '../subgraphs/analytics';
import { generateGatewayKeys, type GatewayKeys } from '../subgraphs/shared/platform/auth/gateway-credential';
import {
  createTokenVerifier,
  type AuthConfig,
  type TokenVerifier,
} from '../subgraphs/shared/platform/auth/token-verifier';
import { provisionDatabaseRoles, type DatabaseRoles } from '../subgraphs/shared/platform/db-roles';
import { startPostgres, type PostgresHandle } from '../subgraphs/shared/platform/postgres';
import { closeDatabase, prepareSubgraph, type PreparedSubgraph } from '../subgraphs/shared/server/prepare-subgraph';
import type { SeedOptions, SubgraphModule } from '../subgraphs/shared/server/subgraph-module';
import { startSubgraphServer, type RunningSubgraph } from '../subgraphs/shared/server/subgraph-server';

export interface HubOptions {
  /** Use this database; otherwise an embedded PostgreSQL is started. */
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  embeddedPort?: number | undefined;
  /**
   * One PostgreSQL role per service (subgraphs/shared/platform/db-roles.ts): each subgraph runs as a role
   * limited to its own schema and migrates as that schema's owner; the gateway listens as a role
   * without table rights. Needs a superuser at databaseUrl. Default true; false runs every
   * service as databaseUrl's role (DATABASE_ROLES=off).
   */
  databaseRoles?: boolean;
  /** Ports by service name ("gateway", "federal", …); 0 picks a free one. Default: registry. */
  ports?: Partial<Record<string, number>>;
  host?: string;
  subgraphs?: readonly SubgraphModule<unknown>[];
  seedOptions?: SeedOptions;
  subgraphTimeoutMs?: number;
  logLevel?: string;
  /** How every service verifies tokens (default: none accepted, reads are anonymous). */
  auth?: AuthConfig;
  /**
   * The gateway credential's Ed25519 pair: the gateway signs with the private key, every subgraph
   * verifies with the public one. Default: a fresh pair for this hub (`npm start` keeps one in .data).
   */
  gatewayKeys?: GatewayKeys;
  /**
   * Where the gateway's other settings come from (response cache, dedup, persisted queries, …;
   * see gatewayConfigFromEnv). `npm start` passes process.env; by default none is read.
   */
  gatewayEnv?: NodeJS.ProcessEnv;
  /** Gateway settings over those (tests turn single levers off). */
  gateway?: Partial<GatewayConfig>;
  log?: (line: string) => void;
}

export interface HubSubgraph {
  prepared: PreparedSubgraph<unknown>;
  server: RunningSubgraph;
}

export interface RunningHub {
  postgres: PostgresHandle;
  subgraphs: Map<string, HubSubgraph>;
  gateway: RunningGateway;
  /** Each service's connection URLs, unless `databaseRoles: false`. */
  databaseRoles: DatabaseRoles | undefined;
  /** The gateway credential's keys (tests mint credentials with them: tests/support/gateway-credential.ts). */
  gatewayKeys: GatewayKeys;
  /** SQL statements sent by all subgraphs since start (or the last reset). */
  sqlCount(): number;
  resetSqlCount(): void;
  stop(): Promise<void>;
}

/**
 * The whole hub in one process: PostgreSQL (embedded unless a URL is given), migrations and
 * seed for every subgraph, each subgraph on its own HTTP server, and the gateway in front.
 * `npm start` and the integration tests both start the hub through this function.
 */
export async function startHub(options: HubOptions = {}): Promise<RunningHub> {
  const log = options.log ?? (() => undefined);
  const registry = new Map(readRegistry().map((e) => [e.name, e]));
  const modules = options.subgraphs ?? ALL_SUBGRAPHS;
  const host = options.host ?? '127.0.0.1';
  const portOf = (name: string, fallback: number) => options.ports?.[name] ?? fallback;

  const postgres = await startPostgres({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir,
    port: options.embeddedPort,
  });
  log(postgres.embedded ? `PostgreSQL (embedded): ${redact(postgres.url)}` : `PostgreSQL: ${redact(postgres.url)}`);

  const subgraphs = new Map<string, HubSubgraph>();
  const syncs: AnalyticsSync[] = [];
  const verifyToken = createTokenVerifier(options.auth ?? {});
  const gatewayKeys = options.gatewayKeys ?? generateGatewayKeys();
  const stopAll = async (gateway?: RunningGateway) => {
    // First whatever reads through the gateway, so that no refresh is left halfway.
    for (const sync of syncs) await sync.stop();
    await gateway?.stop();
    for (const { server, prepared } of subgraphs.values()) {
      await server.stop();
      await closeDatabase(prepared.database.dataSource);
    }
    await postgres.stop();
  };

  try {
    const roles =
      options.databaseRoles === false
        ? undefined
        : await provisionDatabaseRoles(
            postgres.url,
            modules.map(({ name, dbSchema }) => ({ name, dbSchema })),
          );
    await startSubgraphs(modules, subgraphs, {
      postgresUrl: postgres.url,
      roles,
      options,
      host,
      verifyToken,
      gatewayPublicKey: gatewayKeys.publicKey,
      portOf: (name) => portOf(name, registry.get(name)?.port ?? 0),
      log,
    });

    const base = gatewayConfigFromEnv(options.gatewayEnv ?? {});
    const gateway = await startGateway({
      ...base,
      host,
      port: portOf('gateway', base.port),
      subgraphUrls: Object.fromEntries([...subgraphs].map(([name, s]) => [name, s.server.graphqlUrl])),
      auth: options.auth ?? {},
      signingKey: gatewayKeys.privateKey,
      // The gateway LISTENs for the subgraphs' change notices, so direct writes invalidate too.
      databaseUrl: roles?.gateway.listenUrl ?? postgres.url,
      ...(options.subgraphTimeoutMs !== undefined ? { subgraphTimeoutMs: options.subgraphTimeoutMs } : {}),
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
      ...options.gateway,
    });

    // Subgraphs that read the catalogue through the gateway (analytics) start now that it
    // listens, with its real URL; the first refresh is awaited so the hub starts with an index.
    await startSyncs(subgraphs, syncs, gateway.graphqlUrl, options.auth, log);

    const counters = () => [...subgraphs.values()].map((s) => s.prepared.database.sqlCounter);
    return {
      postgres,
      subgraphs,
      gateway,
      databaseRoles: roles,
      gatewayKeys,
      sqlCount: () => counters().reduce((sum, c) => sum + c.total, 0),
      resetSqlCount: () => counters().forEach((c) => c.reset()),
      stop: () => stopAll(gateway),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Migrates, seeds and starts every subgraph, one after another, into `subgraphs` (stopped by the caller on failure). */
async function startSubgraphs(
  modules: readonly SubgraphModule<unknown>[],
  subgraphs: Map<string, HubSubgraph>,
  how: {
    postgresUrl: string;
    roles: DatabaseRoles | undefined;
    options: HubOptions;
    host: string;
    verifyToken: TokenVerifier;
    gatewayPublicKey: GatewayKeys['publicKey'];
    portOf: (name: string) => number;
    log: (line: string) => void;
  },
): Promise<void> {
  const { roles, options } = how;
  // One after another: migrations take locks and the seed output reads better in order.
  for (const module of modules) {
    const prepared = await prepareSubgraph(module, {
      databaseUrl: roles?.[module.name]?.runtimeUrl ?? how.postgresUrl,
      migrationDatabaseUrl: roles?.[module.name]?.ownerUrl,
      ...(options.seedOptions ? { seedOptions: options.seedOptions } : {}),
    });
    how.log(
      `${module.name}: ${prepared.migrations.length} migration(s) applied, seeded ${JSON.stringify(prepared.seed)}`,
    );
    const server = await startSubgraphServer(module, prepared.database.dataSource, {
      port: how.portOf(module.name),
      host: how.host,
      verifyToken: how.verifyToken,
      gatewayTrust: { publicKey: how.gatewayPublicKey },
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    });
    subgraphs.set(module.name, { prepared, server });
  }
}

/** Starts the index sync of every subgraph that reads through the gateway, awaiting each first refresh. */
async function startSyncs(
  subgraphs: Map<string, HubSubgraph>,
  syncs: AnalyticsSync[],
  gatewayUrl: string,
  auth: AuthConfig | undefined,
  log: (line: string) => void,
): Promise<void> {
  for (const { prepared } of subgraphs.values()) {
    if (!readsThroughGateway(prepared.module)) continue;
    const sync = prepared.module.sync(prepared.database.dataSource);
    syncs.push(sync);
    // A failed refresh does not stop the hub: it is logged, retried, and shown as lastError.
    // With a secret, the refresh reads with an `internal` token (the gateway's higher limits).
    const gatewayToken = auth?.secret ? internalTokenProvider(auth) : undefined;
    await sync.start(gatewayUrl, { log, gatewayToken });
  }
}

/** Hides a password in a connection string before it is printed. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
