import path from 'node:path';
import type { DataSource } from 'typeorm';
import { loadTypeDefs } from '../../schema/vocabulary-sdl';
import type { SubgraphModule } from '../shared/server/subgraph-module';
import { createAnalyticsLoaders, type AnalyticsLoaders } from './loaders';
import { CreateAnalyticsSchema1764288000000 } from './migrations/1764288000000-CreateAnalyticsSchema';
import { CreateSearchLexicon1766000000000 } from './migrations/1766000000000-CreateSearchLexicon';
import { analyticsResolvers } from './resolvers';
import { analyticsSyncFor, type AnalyticsSync } from './sync';

export { internalTokenProvider } from './internal-token';
export type { AnalyticsSync } from './sync';

export const ANALYTICS_SCHEMA_FILE = path.join(__dirname, 'schema.graphql');

/**
 * A subgraph that reads the catalogue through the gateway once the gateway is up. Whoever starts
 * it (the hub, or main.ts on its own) starts its sync with the gateway's URL and stops it again.
 */
export interface GatewayReadingModule<L> extends SubgraphModule<L> {
  /** The index sync of the instance serving this database (one per database and process). */
  sync(db: DataSource): AnalyticsSync;
}

export function readsThroughGateway<L>(module: SubgraphModule<L>): module is GatewayReadingModule<L> {
  return typeof (module as Partial<GatewayReadingModule<L>>).sync === 'function';
}

export const analyticsSubgraph: GatewayReadingModule<AnalyticsLoaders> = {
  name: 'analytics',
  dbSchema: 'analytics',
  typeDefs: loadTypeDefs(ANALYTICS_SCHEMA_FILE),
  resolvers: analyticsResolvers,
  migrations: [CreateAnalyticsSchema1764288000000, CreateSearchLexicon1766000000000],
  createLoaders: createAnalyticsLoaders,
  // Nothing to seed: the index is filled from the gateway (sync.start / refreshAnalytics).
  seed: async () => ({}),
  sync: analyticsSyncFor,
};
