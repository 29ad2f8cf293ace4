import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { DocumentNode } from 'graphql';
import type { DataSource, MigrationInterface } from 'typeorm';
import type { Viewer } from '../platform/auth/viewer';

/** The hub's own subgraphs by name; a Land's subgraph brings its own (`land-by`, …). */
export type SubgraphName = 'federal' | 'laender' | 'research' | 'exchange' | 'analytics' | (string & {});

/**
 * What every request sees: who is asking (verified by this subgraph itself), its own loaders (so
 * caches and visibility never leak across requests) and the db.
 */
export interface SubgraphContext<Loaders> {
  db: DataSource;
  viewer: Viewer;
  loaders: Loaders;
  requestId: string;
}

export interface SeedOptions {
  /**
   * Generated records per kind (e.g. `{ federalMeasures: 500 }`) for load and N+1 tests. They are
   * flagged `synthetic`, titled as such and replace earlier synthetic rows; real rows are untouched.
   */
  synthetic?: Readonly<Record<string, number>>;
}

export interface SeedReport {
  [table: string]: number;
}

/**
 * A subgraph as a value: schema, resolvers, migrations and seed. Building it does not listen on a
 * port, so tests and the hub launcher can start any subgraph in-process on any port.
 */
export interface SubgraphModule<Loaders = unknown> {
  name: SubgraphName;
  /** The PostgreSQL schema this subgraph owns. */
  dbSchema: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<SubgraphContext<Loaders>>;
  migrations: (new () => MigrationInterface)[];
  createLoaders(db: DataSource, viewer: Viewer): Loaders;
  seed(db: DataSource, options?: SeedOptions): Promise<SeedReport>;
}
