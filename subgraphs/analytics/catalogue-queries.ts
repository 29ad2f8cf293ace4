/** The operations a refresh sends through the gateway to read the catalogue (see catalogue-reader.ts). */

// The gateway's page-size cap applies to evaluations too; more than one page is never needed to
// know whether a measure has been evaluated.
const MEASURE_FIELDS = `
  id title shortTitle summary level status areas
  targetGroups { code }
  successControl { status }
  lastReviewedAt
  evaluations(first: 200) { id }`;

export const FEDERAL_MEASURE_POLICY = /* GraphQL */ `
  query AnalyticsFederalMeasures($first: Int!, $offset: Int!) {
    federalMeasures(first: $first, offset: $offset) {
      totalCount
      items { ${MEASURE_FIELDS} owner { code name } }
    }
  }`;

// Read per Land (its own measures and its Kommunen's): every page then sorts one Land's
// measures, not the whole country's. Each page also counts the whole list, so a Land with many
// measures is read per owning place instead (see readRegional).
export const REGIONAL_MEASURE_POLICY = /* GraphQL */ `
  query AnalyticsRegionalMeasures($land: ID!, $first: Int!, $offset: Int!) {
    regionalMeasures(filter: { ars: $land }, includeKommunen: true, first: $first, offset: $offset) {
      totalCount
      items { ${MEASURE_FIELDS} place { ars name land { ars } } }
    }
  }`;

// The measures one place owns itself: a Land's own (level LAND), or a Kreis's (level KOMMUNE, not
// its Land's, which a Kreis's list otherwise includes).
export const OWN_REGIONAL_MEASURES = /* GraphQL */ `
  query AnalyticsOwnRegionalMeasures($ars: ID!, $level: Level!, $first: Int!, $offset: Int!) {
    regionalMeasures(filter: { ars: $ars, levels: [$level] }, first: $first, offset: $offset) {
      totalCount
      items { ${MEASURE_FIELDS} place { ars name land { ars } } }
    }
  }`;

export const REGIONAL_TOTAL = /* GraphQL */ `
  query AnalyticsRegionalTotal {
    regionalMeasures(first: 1) {
      totalCount
    }
  }
`;

export const RESEARCH_OUTPUTS = /* GraphQL */ `
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

export const EXCHANGE_FORMATS = /* GraphQL */ `
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

export const LAENDER = /* GraphQL */ `
  query AnalyticsLaender {
    laender {
      ars
      name
      population
    }
  }
`;

export const KREISE = /* GraphQL */ `
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

/** Every operation a refresh sends, for the test that they fit the gateway's internal limits. */
export const CATALOGUE_QUERIES: readonly string[] = [
  FEDERAL_MEASURE_POLICY,
  REGIONAL_MEASURE_POLICY,
  OWN_REGIONAL_MEASURES,
  REGIONAL_TOTAL,
  RESEARCH_OUTPUTS,
  EXCHANGE_FORMATS,
  LAENDER,
  KREISE,
];
