import path from 'node:path';
import { loadTypeDefs } from '../../../schema/vocabulary-sdl';
import type { SubgraphModule } from '../server/subgraph-module';
import type { Land } from './land';
import { createLandLoaders, type LandLoaders } from './loaders';
import { createLandSchemaMigration } from './migrations/1765000000000-CreateLandSchema';
import { landResolvers } from './resolvers';
import { seedLand } from './seed';
import { loadLandSeed, type LandSeedFile } from './seed-check';

/** A Land's subgraph as the kit builds it: a SubgraphModule, plus where its files are. */
export interface LandSubgraph extends SubgraphModule<LandLoaders> {
  land: Land;
  /** `<folder>/schema.graphql`: the Land's SDL, the contract `npm run check:subgraph` judges. */
  schemaFile: string;
  /** `<folder>/seed/data.json`: the Land's rows. */
  seedFile: string;
  /** Reads and checks a seed file (default: the Land's own) as the seed does before writing. */
  loadSeed(file?: string): LandSeedFile;
}

/**
 * The Land's subgraph as a value, like the hub's own: `main.ts` runs it alone, and tests start it
 * in-process (prepareSubgraph + startSubgraphServer) on any port and database. `folder` is the
 * Land's own folder, which holds only its SDL and its data.
 */
export function landSubgraph(land: Land, folder: string): LandSubgraph {
  const schemaFile = path.join(folder, 'schema.graphql');
  const seedFile = path.join(folder, 'seed', 'data.json');
  return {
    name: land.subgraphName,
    dbSchema: land.dbSchema,
    typeDefs: loadTypeDefs(schemaFile),
    resolvers: landResolvers(land),
    migrations: [createLandSchemaMigration(land)],
    createLoaders: (db, viewer) => createLandLoaders(land, db, viewer),
    seed: (db) => seedLand(land, seedFile, db),
    land,
    schemaFile,
    seedFile,
    loadSeed: (file = seedFile) => loadLandSeed(land, file),
  };
}
