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
    const { applied, seed } = await oneReplicaAtATime(
      database.dataSource,
      `hub:prepare:${module.dbSchema}`,
      async () => ({
        applied: options.migrate === false ? [] : await migrate(database.dataSource, module.dbSchema),
        seed: options.seed === false ? null : await module.seed(database.dataSource, options.seedOptions),
      }),
    );
    return { module, database, migrations: applied, seed };
  } catch (error) {
    await database.dataSource.destroy();
    throw error;
  }
}

/**
 * Replicas of one subgraph that start together (scaled horizontally) take turns: the first
 * migrates and seeds while the others wait on a session-level advisory lock, then find nothing
 * left to do. Without it two replicas would run the same CREATE TABLE and one would fail.
 */
async function oneReplicaAtATime<T>(db: DataSource, key: string, work: () => Promise<T>): Promise<T> {
  // The lock lives on its own connection; the work uses others from the pool.
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    }
  } finally {
    await runner.release();
  }
}

export async function closeDatabase(db: DataSource): Promise<void> {
  if (db.isInitialized) await db.destroy();
}
