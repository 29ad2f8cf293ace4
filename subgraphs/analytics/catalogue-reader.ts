import {
  type ExchangeFormat,
  exchangeItem,
  type FederalMeasure,
  federalItem,
  type PlaceFields,
  type RegionalMeasure,
  regionalItem,
  type ResearchOutput,
  researchItem,
} from './catalogue-answers';
import {
  EXCHANGE_FORMATS,
  FEDERAL_MEASURE_POLICY,
  KREISE,
  LAENDER,
  OWN_REGIONAL_MEASURES,
  REGIONAL_MEASURE_POLICY,
  REGIONAL_TOTAL,
  RESEARCH_OUTPUTS,
} from './catalogue-queries';
import { GatewayReadError, GatewayReader, type GatewayTarget } from './gateway-client';
import type { CatalogueSnapshot, IndexedPlace } from './indexed-item';

/** How a refresh pages through the gateway's lists. */
export interface CataloguePaging {
  pageSize: number;
  concurrency: number;
  /**
   * A Land with more measures than this many pages is read per owning place (the Land and each
   * Kreis): every page of a list counts and sorts the whole list, so paging through one list of n
   * measures costs n²; per place the lists stay small. Default 10.
   */
  maxPagesPerList?: number;
}

/** Every regional measure of one Land: one list of the Land with its Kommunen, or one per owner. */
async function readRegional(
  gateway: GatewayReader,
  land: string,
  kreise: readonly string[],
  paging: CataloguePaging,
): Promise<RegionalMeasure[]> {
  const first = await gateway.page<RegionalMeasure>(REGIONAL_MEASURE_POLICY, 'regionalMeasures', { land }, 0);
  if (first.totalCount <= paging.pageSize * (paging.maxPagesPerList ?? 10)) {
    return (await gateway.rest(REGIONAL_MEASURE_POLICY, 'regionalMeasures', { land }, first)).items;
  }
  const owners = [{ ars: land, level: 'LAND' }, ...kreise.map((ars) => ({ ars, level: 'KOMMUNE' }))];
  const lists = await Promise.all(
    owners.map((o) => gateway.all<RegionalMeasure>(OWN_REGIONAL_MEASURES, 'regionalMeasures', o)),
  );
  return lists.flatMap((l) => l.items);
}

/**
 * Reads everything the index needs through the gateway: all published measures, outputs and
 * formats, and every Land and Kreis with its population. Any error fails the whole read.
 */
export async function readCatalogue(target: GatewayTarget, paging: CataloguePaging): Promise<CatalogueSnapshot> {
  const gateway = new GatewayReader(target, paging);
  const statesRead = gateway.query<{ laender: PlaceFields[] }>(LAENDER).then((d) => d.laender);
  const kreiseRead = gateway.all<PlaceFields>(KREISE, 'places').then((p) => p.items);
  const regionalRead = Promise.all([statesRead, kreiseRead]).then(async ([states, kreise]) => {
    const landOf = (k: PlaceFields) => k.land?.ars ?? k.ars.slice(0, 2);
    const [total, perLand] = await Promise.all([
      gateway.query<{ regionalMeasures: { totalCount: number } }>(REGIONAL_TOTAL),
      Promise.all(
        states.map((s) =>
          readRegional(
            gateway,
            s.ars,
            kreise.filter((k) => k.ars !== s.ars && landOf(k) === s.ars).map((k) => k.ars),
            paging,
          ),
        ),
      ),
    ]);
    const measures = perLand.flat();
    // Every regional measure belongs to exactly one Land; anything else means the catalogue
    // changed while it was read (or a measure sits outside every Land): better no new index.
    if (new Set(measures.map((m) => m.id)).size !== total.regionalMeasures.totalCount) {
      throw new GatewayReadError(
        `Read ${measures.length} regional measures Land by Land, but the catalogue lists ` +
          `${total.regionalMeasures.totalCount}; it probably changed during the refresh`,
      );
    }
    return measures;
  });
  const [federalMeasures, regionalMeasures, outputs, formats, states, kreise] = await Promise.all([
    gateway.all<FederalMeasure>(FEDERAL_MEASURE_POLICY, 'federalMeasures').then((p) => p.items),
    regionalRead,
    gateway.all<ResearchOutput>(RESEARCH_OUTPUTS, 'researchOutputs').then((p) => p.items),
    gateway.all<ExchangeFormat>(EXCHANGE_FORMATS, 'exchangeFormats').then((p) => p.items),
    statesRead,
    kreiseRead,
  ]);
  const items = [
    ...federalMeasures.map(federalItem),
    ...regionalMeasures.map(regionalItem),
    ...outputs.map(researchItem),
    ...formats.map(exchangeItem),
  ];
  const places: IndexedPlace[] = [
    ...states.map((p) => ({ ars: p.ars, name: p.name, level: 'LAND' as const, land: p.ars, population: p.population })),
    ...kreise.map((p) => ({
      ars: p.ars,
      name: p.name,
      level: 'KOMMUNE' as const,
      land: p.land?.ars ?? p.ars.slice(0, 2),
      population: p.population,
    })),
  ];
  // Offset paging over a list that changes meanwhile can return an item twice; keep one.
  return { items: [...new Map(items.map((i) => [i.id, i])).values()], places };
}
