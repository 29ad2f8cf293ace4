import type { DataSource } from 'typeorm';
import { migrate, openSubgraphDatabase, type SubgraphDatabase } from './subgraph-database';
import type { SeedOptions, SeedReport, SubgraphModule } from './subgraph-module';

export interface PreparedSubgraph<L> {
  module: SubgraphModule<L>;
  database: SubgraphDatabase;
  migrations: string[];
  seed: SeedReport | null;
}

export interface PrepareOptions {
  /** The subgraph's connection at run time (with per-service roles: its runtime role, db-roles.ts). */
  databaseUrl: string;
  /**
   * Who migrates and seeds (the schema's owner role), on a short-lived connection of its own;
   * default: databaseUrl.
   */
  migrationDatabaseUrl?: string | undefined;
  migrate?: boolean;
  seed?: boolean;
  seedOptions?: SeedOptions;
  poolSize?: number;
}

/**
 * Runs the subgraph's pending migrations and its idempotent seed, then opens its own DataSource
 * for run time. With a separate migration URL the two never share a connection: the runtime
 * pool cannot create or drop anything.
 */
export async function prepareSubgraph<L>(
  module: SubgraphModule<L>,
  options: PrepareOptions,
): Promise<PreparedSubgraph<L>> {
  const open = (url: string, poolSize?: number) =>
    openSubgraphDatabase({
      url,
      schema: module.dbSchema,
      migrations: module.migrations,
      ...(poolSize ? { poolSize } : {}),
    });
  const migrationUrl = options.migrationDatabaseUrl ?? options.databaseUrl;
  const separate = migrationUrl !== options.databaseUrl;
  // Connections open on demand; this pool is gone once the seed is done.
  const setup = await open(migrationUrl, options.poolSize);
  let database: SubgraphDatabase | undefined = separate ? undefined : setup;
  try {
    const { applied, seed } = await oneReplicaAtATime(setup.dataSource, `hub:prepare:${module.dbSchema}`, async () => ({
      applied: options.migrate === false ? [] : await migrate(setup.dataSource, module.dbSchema),
      seed: options.seed === false ? null : await module.seed(setup.dataSource, options.seedOptions),
    }));
    if (separate) {
      await setup.dataSource.destroy();
      database = await open(options.databaseUrl, options.poolSize);
    }
    return { module, database: database ?? setup, migrations: applied, seed };
  } catch (error) {
    await closeDatabase(setup.dataSource);
    if (database) await closeDatabase(database.dataSource);
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
