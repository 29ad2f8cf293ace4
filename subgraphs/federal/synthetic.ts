import type { FederalMeasureSeed } from '../shared/seed/seed-types';
import { cycle, syntheticId, unsourced } from '../shared/seed/synthetic';

export function syntheticFederalMeasures(real: readonly FederalMeasureSeed[], count: number): FederalMeasureSeed[] {
  return cycle(real, count, ({ shortTitle: _s, url: _u, ...m }, i) => ({
    ...m,
    id: syntheticId('measure:bund:', i),
    title: `Synthetische Maßnahme ${i + 1} (nach ${m.title})`,
    eligibilityRules: [],
    ...unsourced(),
  }));
}
