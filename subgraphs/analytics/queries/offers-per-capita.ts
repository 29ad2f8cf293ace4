import type { DataSource } from 'typeorm';
import { SqlParams } from '../../shared/loading/paged-sql';

export interface PlaceOffersRow {
  ars: string;
  name: string;
  population: number;
  offers: number;
  offersPer100k: number;
}

/**
 * Regional measures per 100 000 inhabitants: a Land counts its own and its Kommunen's, a Kreis
 * its own and its Land's. Places without a population are left out. Highest rate first.
 */
export function offersPerCapita(
  db: DataSource,
  level: 'LAND' | 'KREIS',
  land: string | null,
): Promise<PlaceOffersRow[]> {
  const p = new SqlParams();
  const landFilter = land ? `AND p.land = ${p.add(land)}` : '';
  const offers =
    level === 'LAND'
      ? `coalesce((SELECT n FROM per_land WHERE per_land.land = p.ars), 0)`
      : `coalesce((SELECT n FROM per_place WHERE per_place.ars = p.ars), 0)
         + coalesce((SELECT n FROM per_place WHERE per_place.ars = p.land), 0)`;
  return db.query(
    `WITH regional AS (SELECT i.ars, i.land FROM analytics.item i WHERE i.kind = 'REGIONAL_MEASURE'),
          per_land AS (SELECT land, count(*)::int AS n FROM regional GROUP BY land),
          per_place AS (SELECT ars, count(*)::int AS n FROM regional GROUP BY ars),
          counted AS (
            SELECT p.ars, p.name, p.population, (${offers})::int AS offers
            FROM analytics.place p
            WHERE p.level = ${p.add(level === 'LAND' ? 'LAND' : 'KOMMUNE')} AND p.population > 0 ${landFilter})
     SELECT ars, name, population, offers, offers * 100000.0::float / population AS "offersPer100k"
     FROM counted
     ORDER BY "offersPer100k" DESC, ars`,
    p.values,
  );
}
