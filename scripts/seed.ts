/**
 * `npm run seed [-- --synthetic federalMeasures=500,regionalMeasures=50000,…]`: runs every
 * subgraph's migrations and seed against DATABASE_URL (or the embedded PostgreSQL in
 * PGDATA_DIR) and exits. Synthetic kinds: federalMeasures, regionalMeasures, researchOutputs,
 * exchangeFormats; generated records are marked as such and replace earlier generated ones.
 */
import { ALL_SUBGRAPHS } from '../subgraphs';
import { DEFAULT_DATA_DIR, startPostgres } from '../subgraphs/shared/postgres';
import { closeDatabase, prepareSubgraph } from '../subgraphs/shared/subgraph-runtime';

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
    databaseUrl: process.env['DATABASE_URL'] || undefined,
    dataDir: process.env['PGDATA_DIR'] ?? DEFAULT_DATA_DIR,
    port: process.env['EMBEDDED_PG_PORT'] ? Number(process.env['EMBEDDED_PG_PORT']) : undefined,
  });
  try {
    for (const module of ALL_SUBGRAPHS) {
      const prepared = await prepareSubgraph(module, {
        databaseUrl: postgres.url,
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
