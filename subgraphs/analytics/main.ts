// First: traces (when OTEL_* asks for them) need http and pg patched before anything loads them.
import '../shared/platform/tracing';
import { readRegistry } from '../../schema/registry';
import { authConfigFromEnv, createTokenVerifier } from '../shared/platform/auth/token-verifier';
import { watchParent } from '../shared/platform/parent-watch';
import { onShutdown } from '../shared/platform/shutdown';
import { serviceDatabase } from '../shared/platform/service-database';
import { closeDatabase, prepareSubgraph } from '../shared/server/prepare-subgraph';
import { startSubgraphServer } from '../shared/server/subgraph-server';
import { analyticsConfigFromEnv } from './config';
import { analyticsSubgraph } from './index';

/**
 * The analytics subgraph as its own service: as shared/run-standalone.ts (DATABASE_URL and
 * MIGRATION_DATABASE_URL, DATABASE_ADMIN_URL or PGDATA_DIR, PORT, HOST, MIGRATE, SEED, LOG_LEVEL), plus the index sync, which reads through the
 * gateway at ANALYTICS_GATEWAY_URL every ANALYTICS_REFRESH_SECONDS (0 = only on demand). The
 * gateway usually starts after this service; until it answers, the sync retries after 5 s, 10 s,
 * 20 s … and `analyticsStatus.lastError` says why the index is empty.
 */
async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // Under `npm start`: stop when the launcher is gone (no-op when started alone).
  watchParent();
  const entry = readRegistry().find((e) => e.name === analyticsSubgraph.name);
  const postgres = await serviceDatabase(analyticsSubgraph, env);
  const prepared = await prepareSubgraph(analyticsSubgraph, {
    databaseUrl: postgres.databaseUrl,
    // The schema owner's connection for migrations and seed, when it differs (db-roles.ts).
    migrationDatabaseUrl: postgres.migrationDatabaseUrl,
    migrate: env['MIGRATE'] !== 'false',
    seed: env['SEED'] !== 'false',
  });
  const db = prepared.database.dataSource;
  const server = await startSubgraphServer(analyticsSubgraph, db, {
    port: env['PORT'] ? Number(env['PORT']) : (entry?.port ?? 0),
    host: env['HOST'] ?? '127.0.0.1',
    ...(env['LOG_LEVEL'] ? { logLevel: env['LOG_LEVEL'] } : {}),
    verifyToken: createTokenVerifier(authConfigFromEnv(env)),
  });
  console.log(`${analyticsSubgraph.name}: ${server.graphqlUrl}`);
  const sync = analyticsSubgraph.sync(db);
  // gatewayToken: the `internal` credential (ANALYTICS_GATEWAY_TOKEN, or minted with JWT_SECRET).
  const { gatewayUrl, refreshSeconds, timeoutMs, gatewayToken } = analyticsConfigFromEnv(env);
  onShutdown(async () => {
    await sync.stop();
    await server.stop();
    await closeDatabase(db);
    await postgres.stop();
  });
  // Not awaited: the service answers (from the last index) while the first refresh runs.
  void sync.start(gatewayUrl, { refreshSeconds, timeoutMs, gatewayToken, log: (line) => console.log(line) });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
