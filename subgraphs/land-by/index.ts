import path from 'node:path';
import { loadTypeDefs } from '../../schema/vocabulary-sdl';
import type { SubgraphModule } from '../shared/server/subgraph-module';
import { LAND } from './land';
import { createLandByLoaders, type LandByLoaders } from './loaders';
import { CreateLandBySchema1765000000000 } from './migrations/1765000000000-CreateLandBySchema';
import { landByResolvers } from './resolvers';
import { seedLandBy } from './seed';

export const SCHEMA_FILE = path.join(__dirname, 'schema.graphql');

/**
 * The Land's subgraph as a value, like the hub's four: `main.ts` runs it alone, and tests start
 * it in-process (prepareSubgraph + startSubgraphServer) on any port and database.
 */
export const landBySubgraph: SubgraphModule<LandByLoaders> = {
  name: LAND.subgraphName,
  dbSchema: LAND.dbSchema,
  typeDefs: loadTypeDefs(SCHEMA_FILE),
  resolvers: landByResolvers,

  migrations: [CreateLandBySchema1765000000000],
  createLoaders: createLandByLoaders,
  seed: seedLandBy,
};
