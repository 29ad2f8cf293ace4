import { cycle, syntheticId, unsourced } from '../shared/seed/synthetic';
import type { ExchangeFormatSeed } from './seed-types';

export function syntheticExchangeFormats(real: readonly ExchangeFormatSeed[], count: number): ExchangeFormatSeed[] {
  return cycle(real, count, ({ shortName: _s, ...f }, i) => ({
    ...f,
    id: syntheticId('format:', i),
    name: `Synthetisches Austauschformat ${i + 1} (nach ${f.name})`,
    ...unsourced(),
  }));
}
