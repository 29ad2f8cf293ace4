import { analyticsSubgraph } from './analytics';
import { exchangeSubgraph } from './exchange';
import { federalSubgraph } from './federal';
import { laenderSubgraph } from './laender';
import { researchSubgraph } from './research';
import type { SubgraphModule } from './shared/server/subgraph-module';

/** Every subgraph of the hub, in registry order. */
export const ALL_SUBGRAPHS: readonly SubgraphModule<unknown>[] = [
  federalSubgraph,
  laenderSubgraph,
  researchSubgraph,
  exchangeSubgraph,
  analyticsSubgraph,
] as SubgraphModule<unknown>[];
