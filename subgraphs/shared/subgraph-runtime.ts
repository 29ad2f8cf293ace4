import type { DataSource } from 'typeorm';
import { migrate, openSubgraphDatabase, type SubgraphDatabase } from './data-source';
import type { SeedOptions, SeedReport, SubgraphModule } from './subgraph-module';

export interface PreparedSubgraph<L> {
  module: SubgraphModule<L>;
  database: SubgraphDatabase;
  migrations: string[];
  seed: SeedReport | null;
}

export interface PrepareOptions {
  databaseUrl: string;
  migrate?: boolean;
  seed?: boolean;
  seedOptions?: SeedOptions;
  poolSize?: number;
}

/** Opens the subgraph's own DataSource, runs its pending migrations and its idempotent seed. */
export async function prepareSubgraph<L>(
  module: SubgraphModule<L>,
  options: PrepareOptions,
): Promise<PreparedSubgraph<L>> {
  const database = await openSubgraphDatabase({
    url: options.databaseUrl,
    schema: module.dbSchema,
    migrations: module.migrations,
    ...(options.poolSize ? { poolSize: options.poolSize } : {}),
  });
  try {
    const applied = options.migrate === false ? [] : await migrate(database.dataSource, module.dbSchema);
    const seed = options.seed === false ? null : await module.seed(database.dataSource, options.seedOptions);
    return { module, database, migrations: applied, seed };
  } catch (error) {
    await database.dataSource.destroy();
    throw error;
  }
}

export async function closeDatabase(db: DataSource): Promise<void> {
  if (db.isInitialized) await db.destroy();
}
