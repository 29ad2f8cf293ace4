/**
 * `npm run seed [-- --synthetic federalMeasures=500,regionalMeasures=50000,…]`: runs every
 * subgraph's migrations and seed against DATABASE_ADMIN_URL or DATABASE_URL (a superuser's; or
 * the embedded PostgreSQL in PGDATA_DIR) and exits. Synthetic kinds: federalMeasures,
 * regionalMeasures, researchOutputs, exchangeFormats; generated records are marked as such and
 * replace earlier generated ones.
 *
 * First it provisions the per-service roles (subgraphs/shared/platform/db-roles.ts; runtime passwords from
 * <NAME>_DB_PASSWORD and GATEWAY_DB_PASSWORD when set), then migrates and seeds each schema as
 * its owner role — the bulk inserts of the synthetic generators included. docker-compose.yml runs
 * it once (service db-setup) before any subgraph starts. DATABASE_ROLES=off: all as the given URL.
 */
import { ALL_SUBGRAPHS } from '../subgraphs';
import { databaseRolesEnabled, passwordsFromEnv, provisionDatabaseRoles } from '../subgraphs/shared/platform/db-roles';
import { DEFAULT_DATA_DIR, startPostgres } from '../subgraphs/shared/platform/postgres';
import { closeDatabase, prepareSubgraph } from '../subgraphs/shared/server/prepare-subgraph';

export function parseSynthetic(argv: readonly string[]): Record<string, number> | undefined {
  const index = argv.indexOf('--synthetic');
  if (index === -1) return undefined;
  const spec = argv[index + 1];
  if (!spec) throw new Error('--synthetic needs kind=count[,kind=count…]');
  return Object.fromEntries(
    spec.split(',').map((part) => {
      const [kind, count] = part.split('=');
      const n = Number(count);
      if (!kind || !Number.isInteger(n) || n < 0) throw new Error(`--synthetic: "${part}" is not kind=count`);
      return [kind, n];
    }),
  );
}

async function main(): Promise<void> {
  const synthetic = parseSynthetic(process.argv.slice(2));
  const postgres = await startPostgres({
    databaseUrl: process.env['DATABASE_ADMIN_URL'] || process.env['DATABASE_URL'] || undefined,
    dataDir: process.env['PGDATA_DIR'] ?? DEFAULT_DATA_DIR,
    port: process.env['EMBEDDED_PG_PORT'] ? Number(process.env['EMBEDDED_PG_PORT']) : undefined,
  });
  try {
    const roles = databaseRolesEnabled(process.env)
      ? await provisionDatabaseRoles(
          postgres.url,
          ALL_SUBGRAPHS.map(({ name, dbSchema }) => ({ name, dbSchema })),
          { passwords: passwordsFromEnv(process.env, [...ALL_SUBGRAPHS.map((m) => m.name), 'gateway']) },
        )
      : undefined;
    for (const module of ALL_SUBGRAPHS) {
      // Migrations, seed and the synthetic generators' bulk inserts: all as the schema's owner.
      const prepared = await prepareSubgraph(module, {
        databaseUrl: roles?.[module.name]?.ownerUrl ?? postgres.url,
        ...(synthetic ? { seedOptions: { synthetic } } : {}),
      });
      console.log(
        `${module.name}: migrations ${JSON.stringify(prepared.migrations)}, seeded ${JSON.stringify(prepared.seed)}`,
      );
      await closeDatabase(prepared.database.dataSource);
    }
  } finally {
    await postgres.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
