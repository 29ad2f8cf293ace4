import { cycle, syntheticId, unsourced } from '../shared/seed/synthetic';
import type { ResearchOutputSeed } from './seed-types';

/**
 * Generated outputs for load and N+1 tests. They keep institutes, target groups and measure
 * links so every relation is exercised, but drop what identifies a real publication (number,
 * DOI, URL, authors) and `partOf`, so nothing real appears to belong to a generated record.
 */
export function syntheticResearchOutputs(real: readonly ResearchOutputSeed[], count: number): ResearchOutputSeed[] {
  return cycle(real, count, ({ partOf: _p, number: _n, doi: _d, url: _u, ...o }, i) => ({
    ...o,
    id: syntheticId('research:', i),
    title: `Synthetische Forschungsarbeit ${i + 1} (nach ${o.title})`,
    authors: [],
    editors: [],
    measureLinks: o.measureLinks.map((l) => ({ ...l, reason: `Synthetic copy of a link of ${o.id}` })),
    ...unsourced(),
  }));
}
