import type { Logger } from 'typeorm';

/**
 * Counts the SQL statements a subgraph sends. The N+1 test and the benchmark read it to show
 * that the statements per query stay flat as the catalogue grows; it costs one increment.
 */
export class SqlCounter implements Logger {
  private count = 0;
  private readonly recent: string[] = [];

  constructor(private readonly keepLast = 0) {}

  get total(): number {
    return this.count;
  }

  /** The last statements seen, for a failing test to print. */
  get lastStatements(): readonly string[] {
    return this.recent;
  }

  reset(): void {
    this.count = 0;
    this.recent.length = 0;
  }

  logQuery(query: string): void {
    this.count += 1;
    if (this.keepLast > 0) {
      this.recent.push(query);
      if (this.recent.length > this.keepLast) this.recent.shift();
    }
  }

  logQueryError(error: string | Error, query: string): void {
    // Failed statements surface as GraphQL errors through the resolvers; here they only count.
    void error;
    void query;
  }

  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
