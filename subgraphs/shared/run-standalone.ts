import { readRegistry } from '../../schema/registry';
import { authConfigFromEnv, createTokenVerifier } from './auth/token-verifier';
import { startPostgres } from './postgres';
import { onShutdown } from './shutdown';
import { closeDatabase, prepareSubgraph } from './subgraph-runtime';
import type { SubgraphModule } from './subgraph-module';
import { startSubgraphServer } from './subgraph-server';

/**
 * Runs one subgraph as its own service, configured from the environment: DATABASE_URL (or an
 * embedded PostgreSQL in PGDATA_DIR), PORT (default: the registry's), HOST, MIGRATE and SEED
 * ("false" to skip), LOG_LEVEL.
 */
export async function runStandalone<L>(module: SubgraphModule<L>, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const entry = readRegistry().find((e) => e.name === module.name);
  const postgres = await startPostgres({
    databaseUrl: env['DATABASE_URL'],
    dataDir: env['PGDATA_DIR'],
    port: env['EMBEDDED_PG_PORT'] ? Number(env['EMBEDDED_PG_PORT']) : undefined,
  });
  const prepared = await prepareSubgraph(module, {
    databaseUrl: postgres.url,
    migrate: env['MIGRATE'] !== 'false',
    seed: env['SEED'] !== 'false',
  });
  const server = await startSubgraphServer(module, prepared.database.dataSource, {
    port: env['PORT'] ? Number(env['PORT']) : (entry?.port ?? 0),
    host: env['HOST'] ?? '127.0.0.1',
    ...(env['LOG_LEVEL'] ? { logLevel: env['LOG_LEVEL'] } : {}),
    verifyToken: createTokenVerifier(authConfigFromEnv(env)),
  });
  console.log(`${module.name}: ${server.graphqlUrl}`);
  onShutdown(async () => {
    await server.stop();
    await closeDatabase(prepared.database.dataSource);
    await postgres.stop();
  });
}
