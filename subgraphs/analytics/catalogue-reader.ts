import { TARGET_GROUP_CODES } from '../shared/catalogue/vocabulary';
import { GatewayReadError, GatewayReader, type GatewayTarget } from './gateway-client';

/** What the read model keeps of every item, whatever its kind. */
export interface IndexedItem {
  id: string;
  kind: SearchKind;
  title: string;
  /** Weighed below the title by the search and part of the stems for similarity. */
  text: string;
  level: string | null;
  owner_code: string | null;
  owner_name: string | null;
  /** The Land (2-digit ARS) of a regional measure. */
  land: string | null;
  /** The owning place (ARS) of a regional measure. */
  ars: string | null;
  areas: string[];
  target_groups: string[];
  status: string | null;
  success_control_status: string | null;
  evaluation_count: number;
  last_reviewed_at: string | null;
}

export interface IndexedPlace {
  ars: string;
  name: string;
  level: 'LAND' | 'KOMMUNE';
  land: string;
  population: number | null;
}

export const SEARCH_KINDS = ['FEDERAL_MEASURE', 'REGIONAL_MEASURE', 'RESEARCH_OUTPUT', 'EXCHANGE_FORMAT'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface CatalogueSnapshot {
  items: IndexedItem[];
  places: IndexedPlace[];
}

// The gateway's page-size cap applies to evaluations too; more than one page is never needed to
// know whether a measure has been evaluated.
const MEASURE_FIELDS = `
  id title shortTitle summary level status areas
  targetGroups { code }
  successControl { status }
  lastReviewedAt
  evaluations(first: 200) { id }`;

const FEDERAL_MEASURES = /* GraphQL */ `
  query AnalyticsFederalMeasures($first: Int!, $offset: Int!) {
    federalMeasures(first: $first, offset: $offset) {
      totalCount
      items { ${MEASURE_FIELDS} owner { code name } }
    }
  }`;

// Read per Land (its own measures and its Kommunen's): every page then sorts one Land's
// measures, not the whole country's. Each page also counts the whole list, so a Land with many
// measures is read per owning place instead (see readRegional).
const REGIONAL_MEASURES = /* GraphQL */ `
  query AnalyticsRegionalMeasures($land: ID!, $first: Int!, $offset: Int!) {
    regionalMeasures(filter: { ars: $land }, includeKommunen: true, first: $first, offset: $offset) {
      totalCount
      items { ${MEASURE_FIELDS} place { ars name land { ars } } }
    }
  }`;

// The measures one place owns itself: a Land's own (level LAND), or a Kreis's (level KOMMUNE, not
// its Land's, which a Kreis's list otherwise includes).
const OWN_REGIONAL_MEASURES = /* GraphQL */ `
  query AnalyticsOwnRegionalMeasures($ars: ID!, $level: Level!, $first: Int!, $offset: Int!) {
    regionalMeasures(filter: { ars: $ars, levels: [$level] }, first: $first, offset: $offset) {
      totalCount
      items { ${MEASURE_FIELDS} place { ars name land { ars } } }
    }
  }`;

const REGIONAL_TOTAL = /* GraphQL */ `
  query AnalyticsRegionalTotal {
    regionalMeasures(first: 1) {
      totalCount
    }
  }
`;

const RESEARCH_OUTPUTS = /* GraphQL */ `
  query AnalyticsResearchOutputs($first: Int!, $offset: Int!) {
    researchOutputs(first: $first, offset: $offset) {
      totalCount
      items {
        id
        title
        series
        areas
        facts
        publishers
        lastReviewedAt
        targetGroups {
          code
        }
        institute {
          code
          name
        }
        publisherRessorts {
          code
          name
        }
      }
    }
  }
`;

const EXCHANGE_FORMATS = /* GraphQL */ `
  query AnalyticsExchangeFormats($first: Int!, $offset: Int!) {
    exchangeFormats(first: $first, offset: $offset) {
      totalCount
      items {
        id
        name
        shortName
        level
        facts
        convenor
        addressesAllTargetGroups
        lastReviewedAt
        targetGroups {
          code
        }
        convenorRessort {
          code
          name
        }
        coordinatorRessort {
          code
          name
        }
        jointLeadRessorts {
          code
          name
        }
      }
    }
  }
`;

const LAENDER = /* GraphQL */ `
  query AnalyticsLaender {
    laender {
      ars
      name
      population
    }
  }
`;

const KREISE = /* GraphQL */ `
  query AnalyticsKreise($first: Int!, $offset: Int!) {
    places(first: $first, offset: $offset) {
      totalCount
      items {
        ars
        name
        population
        land {
          ars
        }
      }
    }
  }
`;

interface Code {
  code: string;
}
interface Named {
  code: string;
  name: string;
}
interface MeasureFields {
  id: string;
  title: string;
  shortTitle: string | null;
  summary: string | null;
  level: string;
  status: string;
  areas: string[];
  targetGroups: Code[] | null;
  successControl: { status: string } | null;
  lastReviewedAt: string | null;
  evaluations: { id: string }[] | null;
}
interface FederalMeasure extends MeasureFields {
  owner: Named | null;
}
interface RegionalMeasure extends MeasureFields {
  place: { ars: string; name: string; land: { ars: string } | null } | null;
}
interface ResearchOutput {
  id: string;
  title: string;
  series: string | null;
  areas: string[];
  facts: string[];
  publishers: string[];
  lastReviewedAt: string | null;
  targetGroups: Code[] | null;
  institute: Named | null;
  publisherRessorts: Named[] | null;
}
interface ExchangeFormat {
  id: string;
  name: string;
  shortName: string | null;
  level: string;
  facts: string[];
  convenor: string | null;
  addressesAllTargetGroups: boolean;
  lastReviewedAt: string | null;
  targetGroups: Code[] | null;
  convenorRessort: Named | null;
  coordinatorRessort: Named | null;
  jointLeadRessorts: Named[] | null;
}
interface PlaceFields {
  ars: string;
  name: string;
  population: number | null;
  land?: { ars: string } | null;
}

const codes = (list: Code[] | null | undefined): string[] => (list ?? []).map((t) => t.code);
const joined = (...parts: (string | null | undefined)[]): string => parts.filter((p) => p && p.trim()).join(' · ');

function measureItem(
  m: MeasureFields,
  kind: SearchKind,
): Omit<IndexedItem, 'owner_code' | 'owner_name' | 'land' | 'ars'> {
  return {
    id: m.id,
    kind,
    title: m.title,
    text: joined(m.shortTitle, m.summary),
    level: m.level,
    areas: m.areas,
    target_groups: codes(m.targetGroups),
    status: m.status,
    success_control_status: m.successControl?.status ?? null,
    evaluation_count: m.evaluations?.length ?? 0,
    last_reviewed_at: m.lastReviewedAt,
  };
}

function federalItem(m: FederalMeasure): IndexedItem {
  return {
    ...measureItem(m, 'FEDERAL_MEASURE'),
    owner_code: m.owner?.code ?? null,
    owner_name: m.owner?.name ?? null,
    land: null,
    ars: null,
  };
}

function regionalItem(m: RegionalMeasure): IndexedItem {
  const place = m.place;
  return {
    ...measureItem(m, 'REGIONAL_MEASURE'),
    owner_code: place?.ars ?? null,
    owner_name: place?.name ?? null,
    // A Land's own measure sits at the Land itself, which has no Land above it.
    land: place ? (place.land?.ars ?? place.ars) : null,
    ars: place?.ars ?? null,
  };
}

/** Owner of an output: its lead institute, else the Ressort or body that published it. */
function researchItem(o: ResearchOutput): IndexedItem {
  const ressort = o.publisherRessorts?.[0];
  return {
    id: o.id,
    kind: 'RESEARCH_OUTPUT',
    title: o.title,
    text: joined(o.series, ...o.facts, ...o.publishers),
    level: null,
    owner_code: o.institute?.code ?? ressort?.code ?? null,
    owner_name: o.institute?.name ?? ressort?.name ?? o.publishers[0] ?? null,
    land: null,
    ars: null,
    areas: o.areas,
    target_groups: codes(o.targetGroups),
    status: null,
    success_control_status: null,
    evaluation_count: 0,
    last_reviewed_at: o.lastReviewedAt,
  };
}

/** Owner of a format: the convening Ressort, else the coordinating one, else the joint leads. */
function exchangeItem(f: ExchangeFormat): IndexedItem {
  const leads = f.jointLeadRessorts ?? [];
  const ressort = f.convenorRessort ?? f.coordinatorRessort;
  return {
    id: f.id,
    kind: 'EXCHANGE_FORMAT',
    title: f.name,
    text: joined(f.shortName, f.convenor, ...f.facts),
    level: f.level,
    owner_code: ressort?.code ?? (leads.length > 0 ? leads.map((r) => r.code).join('+') : null),
    owner_name: f.convenor ?? ressort?.name ?? (leads.length > 0 ? leads.map((r) => r.name).join(', ') : null),
    land: null,
    ars: null,
    areas: [],
    // A cross-cutting format concerns every target group, as the exchange subgraph defines it.
    target_groups: f.addressesAllTargetGroups ? [...TARGET_GROUP_CODES] : codes(f.targetGroups),
    status: null,
    success_control_status: null,
    evaluation_count: 0,
    last_reviewed_at: f.lastReviewedAt,
  };
}

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
  const first = await gateway.page<RegionalMeasure>(REGIONAL_MEASURES, 'regionalMeasures', { land }, 0);
  if (first.totalCount <= paging.pageSize * (paging.maxPagesPerList ?? 10)) {
    return (await gateway.rest(REGIONAL_MEASURES, 'regionalMeasures', { land }, first)).items;
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
    gateway.all<FederalMeasure>(FEDERAL_MEASURES, 'federalMeasures').then((p) => p.items),
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

/** Every operation a refresh sends, for the test that they fit the gateway's internal limits. */
export const CATALOGUE_QUERIES: readonly string[] = [
  FEDERAL_MEASURES,
  REGIONAL_MEASURES,
  OWN_REGIONAL_MEASURES,
  REGIONAL_TOTAL,
  RESEARCH_OUTPUTS,
  EXCHANGE_FORMATS,
  LAENDER,
  KREISE,
];
