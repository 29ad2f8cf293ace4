import path from 'node:path';
import { loadTypeDefs } from '../../schema/vocabulary-sdl';
import type { SubgraphModule } from '../shared/server/subgraph-module';
import { createResearchLoaders, type ResearchLoaders } from './loaders';
import { CreateResearchSchema1764115200000 } from './migrations/1764115200000-CreateResearchSchema';
import { EditorialWorkflow1764201600000 } from './migrations/1764201600000-EditorialWorkflow';
import { researchResolvers } from './resolvers';
import { seedResearch } from './seed';

export const RESEARCH_SCHEMA_FILE = path.join(__dirname, 'schema.graphql');

export const researchSubgraph: SubgraphModule<ResearchLoaders> = {
  name: 'research',
  dbSchema: 'research',
  typeDefs: loadTypeDefs(RESEARCH_SCHEMA_FILE),
  resolvers: researchResolvers,
  migrations: [CreateResearchSchema1764115200000, EditorialWorkflow1764201600000],
  createLoaders: createResearchLoaders,
  seed: seedResearch,
};
