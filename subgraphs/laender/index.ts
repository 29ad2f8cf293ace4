import path from 'node:path';
import { loadTypeDefs } from '../../schema/vocabulary-sdl';
import type { SubgraphModule } from '../shared/server/subgraph-module';
import { createLaenderLoaders, type LaenderLoaders } from './loaders';
import { CreateLaenderSchema1764115200000 } from './migrations/1764115200000-CreateLaenderSchema';
import { EditorialWorkflow1764201600000 } from './migrations/1764201600000-EditorialWorkflow';
import { IndexParentRegionalMeasure1765200000000 } from './migrations/1765200000000-IndexParentRegionalMeasure';
import { laenderResolvers } from './resolvers';
import { seedLaender } from './seed';

export const LAENDER_SCHEMA_FILE = path.join(__dirname, 'schema.graphql');

export const laenderSubgraph: SubgraphModule<LaenderLoaders> = {
  name: 'laender',
  dbSchema: 'laender',
  typeDefs: loadTypeDefs(LAENDER_SCHEMA_FILE),
  resolvers: laenderResolvers,
  migrations: [
    CreateLaenderSchema1764115200000,
    EditorialWorkflow1764201600000,
    IndexParentRegionalMeasure1765200000000,
  ],
  createLoaders: createLaenderLoaders,
  seed: seedLaender,
};
