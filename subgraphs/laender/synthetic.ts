import type { RegionalMeasureSeed } from '../shared/seed-types';
import { cycle, SYNTHETIC_NOTE, syntheticId } from '../shared/synthetic';

/** Generated measures spread evenly over all Länder and Kreise (`places`, in ARS order). */
export function syntheticRegionalMeasures(
  real: readonly RegionalMeasureSeed[],
  places: readonly string[],
  count: number,
): RegionalMeasureSeed[] {
  return cycle(
    real,
    count,
    ({ shortTitle: _s, url: _u, parentFederalMeasure: _f, parentRegionalMeasure: _r, ...m }, i) => {
      const ars = places[i % places.length] as string;
      return {
        ...m,
        id: syntheticId(`measure:${ars.length === 2 ? 'land' : 'kommune'}:${ars}:`, i),
        title: `Synthetische Maßnahme ${i + 1} (nach ${m.title})`,
        level: ars.length === 2 ? 'LAND' : 'KOMMUNE',
        ars,
        facts: [],
        notes: SYNTHETIC_NOTE,
        sources: [],
        verified: false,
      };
    },
  );
}
