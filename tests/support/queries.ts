/** The query of ARCHITECTURE.md: one target group at every federal level, from four subgraphs. */
export const HEADLINE_QUERY = /* GraphQL */ `
  query OffersForTargetGroup($code: TargetGroupCode!, $ars: ID!) {
    targetGroup(code: $code) {
      code
      label
      federalOffers {
        id
        title
        level
      }
      regionalOffers(ars: $ars) {
        id
        title
        level
        place {
          ars
          name
        }
      }
      researchOutputs {
        title
        institute {
          name
        }
      }
      exchangeFormats {
        name
      }
    }
    place(ars: $ars) {
      name
      federalOffers {
        title
      }
      regionalOffers {
        title
      }
    }
  }
`;

/**
 * The headline query with every per-row relation a frontend is likely to ask for: each would cost
 * one SQL statement per row without DataLoaders, so the N+1 test measures this one.
 */
export const WIDE_HEADLINE_QUERY = /* GraphQL */ `
  query WideOffers($code: TargetGroupCode!, $ars: ID!) {
    targetGroup(code: $code) {
      code
      label
      federalOffers(first: 200) {
        id
        title
        owner {
          code
          name
          parent {
            code
          }
        }
        implementers {
          name
          ressort {
            code
          }
        }
        targetGroups {
          code
          label
        }
        evaluations {
          id
          title
        }
        research {
          id
        }
        regionalImplementations {
          id
          place {
            name
          }
        }
      }
      regionalOffers(ars: $ars, first: 200) {
        id
        title
        place {
          ars
          name
          land {
            name
          }
        }
        land {
          name
        }
        targetGroups {
          code
          label
        }
        parentFederalMeasure {
          id
          title
          owner {
            code
          }
        }
        evaluations {
          id
        }
      }
      researchOutputs(first: 200) {
        id
        title
        institute {
          name
          ressort {
            name
          }
        }
        institutes {
          code
        }
        targetGroups {
          code
          label
        }
        measureLinks {
          kind
          federalMeasure {
            id
            title
          }
          regionalMeasure {
            id
            title
          }
        }
        partOf {
          id
        }
      }
      exchangeFormats(first: 200) {
        id
        name
        convenorRessort {
          code
          name
        }
        coordinatorRessort {
          code
          name
        }
        targetGroups {
          code
          label
        }
        relatedFederalMeasures {
          id
          title
        }
      }
    }
    place(ars: $ars) {
      name
      land {
        name
      }
      federalOffers(first: 200) {
        id
        owner {
          code
        }
      }
      regionalOffers(first: 200) {
        id
        place {
          name
        }
      }
    }
  }
`;
