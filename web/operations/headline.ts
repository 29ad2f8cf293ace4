/**
 * The headline question — every offer for one target group in one place, at every level, with
 * research and exchange formats, from four subgraphs — as the explorer's two tabs, as the query
 * the tests and the benchmark send, and in its wide variant for the N+1 test.
 */
import { text, type SavedOperation } from './saved-operation';

/**
 * The one text of the headline query, under the given operation name: the README's query (with
 * `place { federalOffers regionalOffers }`, as the benchmark measures it) plus what the explorer's
 * tabs show — each federal offer's `owner { code }`, the CSV's `owner.code` column that the
 * explorer's e2e test reads, and the place's `ars` and `land`.
 */
export const headlineQuery = (name: string): string => text`
query ${name}($code: TargetGroupCode!, $ars: ID!) {
  targetGroup(code: $code) {
    code
    label
    federalOffers {
      id
      title
      level
      owner {
        code
      }
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
    ars
    name
    land {
      name
    }
    federalOffers {
      title
    }
    regionalOffers {
      title
    }
  }
}
`;

/** The headline query as the tests and the benchmark send it, with their own variables. */
export const HEADLINE_QUERY = headlineQuery('OffersForTargetGroup');

/** The README's example: children and young people in Krefeld (the explorer tab, the bench, the reliability run). */
export const KREFELD_CHILDREN = { code: 'CHILDREN_AND_YOUTH', ars: '05114' } as const;

export const HEADLINE_OPERATIONS: readonly SavedOperation[] = [
  {
    name: 'OffersWomenNuremberg',
    title: 'Alle Angebote für Frauen und Mädchen in Nürnberg',
    description:
      'Die Leitfrage: jedes Angebot für eine Zielgruppe auf jeder Ebene (Bund, Land, Kommune), dazu Forschung und Austauschformate. Zielgruppe und Ort sind Variablen.',
    query: headlineQuery('OffersWomenNuremberg'),
    variables: { code: 'WOMEN_AND_GIRLS', ars: '09564' },
  },
  {
    name: 'OffersChildrenKrefeld',
    title: 'Alle Angebote für Kinder und Jugendliche in Krefeld',
    description: 'Dieselbe Abfrage für CHILDREN_AND_YOUTH in Krefeld (ARS 05114).',
    query: headlineQuery('OffersChildrenKrefeld'),
    variables: KREFELD_CHILDREN,
  },
];

/**
 * The headline query with every per-row relation a frontend is likely to ask for: each would cost
 * one SQL statement per row without DataLoaders, so the N+1 test measures this one.
 */
export const WIDE_HEADLINE_QUERY = text`
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
