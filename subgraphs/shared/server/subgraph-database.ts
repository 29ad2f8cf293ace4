import { DataSource, type MigrationInterface } from 'typeorm';
import { SqlCounter } from './sql-counter';

export interface SubgraphDataSourceOptions {
  url: string;
  /** The PostgreSQL schema the subgraph owns; it never touches another subgraph's schema. */
  schema: string;
  migrations: (new () => MigrationInterface)[];
  poolSize?: number;
}

export interface SubgraphDatabase {
  dataSource: DataSource;
  sqlCounter: SqlCounter;
}

/**
 * One DataSource per subgraph and process, created by the caller and passed down explicitly:
 * nothing imports a global connection, so tests can run several hubs against one server.
 */
export async function openSubgraphDatabase(options: SubgraphDataSourceOptions): Promise<SubgraphDatabase> {
  const sqlCounter = new SqlCounter();
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['query', 'error'],
    logger: sqlCounter,
    applicationName: `integration-hub-${options.schema}`,
    extra: { max: options.poolSize ?? 10 },
  });
  await dataSource.initialize();
  return { dataSource, sqlCounter };
}

/**
 * Runs pending migrations. TypeORM keeps its migrations table inside the subgraph's schema, so
 * the schema has to exist before the first migration can be recorded.
 */
export async function migrate(dataSource: DataSource, schema: string): Promise<string[]> {
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
