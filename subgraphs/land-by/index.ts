import { landSubgraph } from '../shared/land-kit';
import { LAND } from './land';

/** The Land's subgraph as a value, built by the land kit from land.ts, schema.graphql and seed/data.json. */
export const landBySubgraph = landSubgraph(LAND, __dirname);
