/**
 * The land kit: everything a Land's subgraph is made of except its SDL, its data and its names.
 * A Land's folder (subgraphs/land-template to copy, subgraphs/land-by as the worked example)
 * describes the Land with `defineLand`, builds its module with `landSubgraph` and runs it with
 * `runLand`.
 */
export { defineLand, ownsPlace, type Land, type LandDescription } from './land';
export { landSubgraph, type LandSubgraph } from './land-subgraph';
export type { LandLoaders } from './loaders';
export { runLand } from './run-land';
export type { LandSeedFile } from './seed-check';
