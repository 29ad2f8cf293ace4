import path from 'node:path';
import { loadTypeDefs } from '../../schema/vocabulary-sdl';
import type { SubgraphModule } from '../shared/server/subgraph-module';
import { createExchangeLoaders, type ExchangeLoaders } from './loaders';
import { CreateExchangeSchema1764115200000 } from './migrations/1764115200000-CreateExchangeSchema';
import { EditorialWorkflow1764201600000 } from './migrations/1764201600000-EditorialWorkflow';
import { exchangeResolvers } from './resolvers';
import { seedExchange } from './seed';

export const EXCHANGE_SCHEMA_FILE = path.join(__dirname, 'schema.graphql');

export const exchangeSubgraph: SubgraphModule<ExchangeLoaders> = {
  name: 'exchange',
  dbSchema: 'exchange',
  typeDefs: loadTypeDefs(EXCHANGE_SCHEMA_FILE),
  resolvers: exchangeResolvers,
  migrations: [CreateExchangeSchema1764115200000, EditorialWorkflow1764201600000],
  createLoaders: createExchangeLoaders,
  seed: seedExchange,
};
