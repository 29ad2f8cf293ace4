import { databaseRolesEnabled, passwordsFromEnv, provisionDatabaseRoles } from './db-roles';
import { startPostgres } from './postgres';

export interface ServiceDatabase {
  /** The subgraph's connection at run time. */
  databaseUrl: string;
  /** Who migrates and seeds (undefined: databaseUrl). */
  migrationDatabaseUrl: string | undefined;
  /** Stops the embedded PostgreSQL if this process started one. */
  stop(): Promise<void>;
}

/**
 * The database of a subgraph that runs as its own process, from the environment:
 * - DATABASE_URL: its runtime connection (a role limited to its schema); MIGRATION_DATABASE_URL:
 *   the schema owner's, for migrations and seed (default DATABASE_URL). That is how the launcher
 *   of `npm start` and docker-compose.yml start it.
 * - DATABASE_ADMIN_URL: a superuser's; the roles are provisioned first (db-roles.ts) and used.
 * - neither: an embedded PostgreSQL in PGDATA_DIR on EMBEDDED_PG_PORT, roles provisioned.
 * DATABASE_ROLES=off uses the admin or embedded superuser URL for everything.
 */
export async function serviceDatabase(
  module: { name: string; dbSchema: string },
  env: NodeJS.ProcessEnv,
): Promise<ServiceDatabase> {
  const runtimeUrl = env['DATABASE_URL'] || undefined;
  const adminUrl = env['DATABASE_ADMIN_URL'] || undefined;
  if (runtimeUrl && !adminUrl) {
    return { databaseUrl: runtimeUrl, migrationDatabaseUrl: env['MIGRATION_DATABASE_URL'] || undefined, stop: noop };
  }
  const postgres = await startPostgres({
    databaseUrl: adminUrl,
    dataDir: env['PGDATA_DIR'],
    port: env['EMBEDDED_PG_PORT'] ? Number(env['EMBEDDED_PG_PORT']) : undefined,
  });
  const stop = () => postgres.stop();
  try {
    if (!databaseRolesEnabled(env)) return { databaseUrl: postgres.url, migrationDatabaseUrl: undefined, stop };
    const roles = await provisionDatabaseRoles(postgres.url, [module], {
      passwords: passwordsFromEnv(env, [module.name]),
    });
    const own = roles[module.name];
    if (!own) throw new Error(`no database roles for ${module.name}`);
    return { databaseUrl: own.runtimeUrl, migrationDatabaseUrl: own.ownerUrl, stop };
  } catch (error) {
    await postgres.stop();
    throw error;
  }
}

const noop = async () => undefined;
