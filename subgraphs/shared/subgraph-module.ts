import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse, type DocumentNode } from 'graphql';
import type { DataSource, MigrationInterface } from 'typeorm';
import type { Viewer } from './auth/viewer';

export type SubgraphName = 'federal' | 'laender' | 'research' | 'exchange' | (string & {});

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

export const VOCABULARY_SDL_PATH = path.resolve(__dirname, '..', '..', 'schema', 'vocabulary.graphql');

/**
 * A subgraph's SDL with the shared vocabulary in front, unless it brings the vocabulary itself
 * (SDL fetched from a running subgraph, `_service { sdl }`, already contains it).
 */
export function withVocabulary(sdl: string): string {
  if (/^\s*enum\s+TargetGroupCode\b/m.test(sdl)) return sdl;
  return `${readFileSync(VOCABULARY_SDL_PATH, 'utf8')}\n${sdl}`;
}

/** The SDL a subgraph is built and composed from: the shared vocabulary plus its own file. */
export function subgraphSdl(schemaFile: string): string {
  return withVocabulary(readFileSync(schemaFile, 'utf8'));
}

export function loadTypeDefs(schemaFile: string): DocumentNode {
  return parse(subgraphSdl(schemaFile));
}
