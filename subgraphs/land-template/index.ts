import path from 'node:path';
import { loadTypeDefs } from '../../schema/vocabulary-sdl';
import type { SubgraphModule } from '../shared/server/subgraph-module';
import { LAND } from './land';
import { createLandXxLoaders, type LandXxLoaders } from './loaders';
import { CreateLandXxSchema1765000000000 } from './migrations/1765000000000-CreateLandXxSchema';
import { landXxResolvers } from './resolvers';
import { seedLandXx } from './seed';

export const SCHEMA_FILE = path.join(__dirname, 'schema.graphql');

/**
 * The Land's subgraph as a value, like the hub's four: `main.ts` runs it alone, and tests start
 * it in-process (prepareSubgraph + startSubgraphServer) on any port and database.
 */
export const landXxSubgraph: SubgraphModule<LandXxLoaders> = {
  name: LAND.subgraphName,
  dbSchema: LAND.dbSchema,
  typeDefs: loadTypeDefs(SCHEMA_FILE),
  resolvers: landXxResolvers,

  migrations: [CreateLandXxSchema1765000000000],
  createLoaders: createLandXxLoaders,
  seed: seedLandXx,
};
