// First, for entry points that start here: see tracing.ts.
import '../platform/tracing';
import { readRegistry } from '../../../schema/registry';
import { gatewayTrustFromEnv } from '../platform/auth/gateway-credential';
import { authConfigFromEnv, createTokenVerifier } from '../platform/auth/token-verifier';
import { watchParent } from '../platform/parent-watch';
import { serviceDatabase } from '../platform/service-database';
import { onShutdown } from '../platform/shutdown';
import { closeDatabase, prepareSubgraph } from './prepare-subgraph';
import type { DataSource } from 'typeorm';
import type { SubgraphModule } from './subgraph-module';
import { startSubgraphServer } from './subgraph-server';

/**
 * Work a subgraph's service does beside answering (analytics: the index sync), started once the
 * server listens and stopped before it on shutdown.
 */
export type Companion = (db: DataSource) => { stop(): Promise<void> };

/**
 * Runs one subgraph as its own service, configured from the environment: DATABASE_URL (its
 * runtime role) and MIGRATION_DATABASE_URL (its schema's owner, default DATABASE_URL), or
 * DATABASE_ADMIN_URL / an embedded PostgreSQL in PGDATA_DIR with the roles provisioned here (see
 * service-database.ts), PORT (default: the registry's), HOST, MIGRATE and SEED ("false" to
 * skip), LOG_LEVEL.
 */
export async function runStandalone<L>(
  module: SubgraphModule<L>,
  env: NodeJS.ProcessEnv = process.env,
  companion?: Companion,
): Promise<void> {
  // Under `npm start`: stop when the launcher is gone (no-op when started alone).
  watchParent();
  const entry = readRegistry().find((e) => e.name === module.name);
  const postgres = await serviceDatabase(module, env);
  const prepared = await prepareSubgraph(module, {
    databaseUrl: postgres.databaseUrl,
    // The schema owner's connection for migrations and seed, when it differs (db-roles.ts).
    migrationDatabaseUrl: postgres.migrationDatabaseUrl,
    migrate: env['MIGRATE'] !== 'false',
    seed: env['SEED'] !== 'false',
  });
  const server = await startSubgraphServer(module, prepared.database.dataSource, {
    port: env['PORT'] ? Number(env['PORT']) : (entry?.port ?? 0),
    host: env['HOST'] ?? '127.0.0.1',
    ...(env['LOG_LEVEL'] ? { logLevel: env['LOG_LEVEL'] } : {}),
    verifyToken: createTokenVerifier(authConfigFromEnv(env)),
    // GraphQL only from the gateway: GATEWAY_PUBLIC_KEY or GATEWAY_JWKS_URL (SUBGRAPH_ACCEPT_DIRECT_CALLS=on to debug).
    gatewayTrust: gatewayTrustFromEnv(env),
  });
  console.log(`${module.name}: ${server.graphqlUrl}`);
  const running = companion?.(prepared.database.dataSource);
  onShutdown(async () => {
    await running?.stop();
    await server.stop();
    await closeDatabase(prepared.database.dataSource);
    await postgres.stop();
  });
}
