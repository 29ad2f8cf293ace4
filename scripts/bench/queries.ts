import { HEADLINE_QUERY } from '../../tests/support/queries';

/** The README's headline query: every offer for children and young people in Krefeld, from four subgraphs. */
export const HEADLINE = {
  query: HEADLINE_QUERY,
  variables: { code: 'CHILDREN_AND_YOUTH', ars: '05114' },
};

/**
 * A wide analytics query: the coverage matrix per Land (target group × level × area × Land, with
 * the target group's label from federal and the Land's name from laender), success control per
 * owner and offers per capita for every Kreis (the Kreis from laender).
 */
export const WIDE_ANALYTICS = {
  query: /* GraphQL */ `
    query WideAnalytics {
      coverageMatrix(byLand: true) {
        total
        cells {
          targetGroup {
            code
            label
          }
          level
          area
          land {
            ars
            name
          }
          count
        }
        gaps {
          level
          area
        }
      }
      successControlCoverage {
        owner
        ownerName
        level
        measures
        withSuccessControl
        withEvaluation
        covered
        share
      }
      offersPerCapita(level: KREIS) {
        place {
          ars
          name
        }
        population
        offers
        offersPer100k
      }
    }
  `,
  variables: {},
};
