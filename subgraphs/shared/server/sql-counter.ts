import type { Logger } from 'typeorm';

/**
 * Counts the SQL statements a subgraph sends. The N+1 test and the benchmark read it to show
 * that the statements per query stay flat as the catalogue grows; it costs one increment.
 */
export class SqlCounter implements Logger {
  private count = 0;

  get total(): number {
    return this.count;
  }

  reset(): void {
    this.count = 0;
  }

  logQuery(): void {
    this.count += 1;
  }

  // Failed statements surface as GraphQL errors through the resolvers; nothing to do here.
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
