import path from 'node:path';
import { loadTypeDefs } from '../../schema/vocabulary-sdl';
import type { SubgraphModule } from '../shared/server/subgraph-module';
import { createFederalLoaders, type FederalLoaders } from './loaders';
import { CreateFederalSchema1764115200000 } from './migrations/1764115200000-CreateFederalSchema';
import { EditorialWorkflow1764201600000 } from './migrations/1764201600000-EditorialWorkflow';
import { federalResolvers } from './resolvers';
import { seedFederal } from './seed';

export const FEDERAL_SCHEMA_FILE = path.join(__dirname, 'schema.graphql');

export const federalSubgraph: SubgraphModule<FederalLoaders> = {
  name: 'federal',
  dbSchema: 'federal',
  typeDefs: loadTypeDefs(FEDERAL_SCHEMA_FILE),
  resolvers: federalResolvers,
  migrations: [CreateFederalSchema1764115200000, EditorialWorkflow1764201600000],
  createLoaders: createFederalLoaders,
  seed: seedFederal,
};
