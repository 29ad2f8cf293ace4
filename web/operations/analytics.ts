/**
 * The analytics questions: coverage (target group × level × area, also per Land), overlapping
 * measures, success control, review freshness and offers per inhabitant — the explorer's tabs,
 * the selections the dashboard shares with them, and the benchmark's wide analytics query.
 */
import { nested, text, type SavedOperation } from './saved-operation';

/** One coverage cell as the explorer and the dashboard show it. */
export const COVERAGE_CELLS = `
cells {
  targetGroup {
    code
    label
  }
  level
  area
  count
}
`;

/** One row of offers per 100 000 inhabitants, for Länder and Kreise alike. */
export const PER_CAPITA_ROW = `
place {
  ars
}
name
population
offers
offersPer100k
`;

export const ANALYTICS_OPERATIONS: readonly SavedOperation[] = [
  {
    name: 'CoverageMatrix',
    title: 'Abdeckung: Zielgruppe × Ebene × Handlungsfeld',
    description: 'Wie viele Angebote es je Zielgruppe, Ebene und Handlungsfeld gibt – mit den Lücken (Anzahl 0).',
    query: text`
query CoverageMatrix {
  coverageMatrix {
    total
    ${nested(COVERAGE_CELLS, 4)}
    gaps {
      targetGroup {
        label
      }
      level
      area
    }
  }
  analyticsStatus {
    syncedAt
  }
}
`,
  },
  {
    name: 'CoverageMatrixByLand',
    title: 'Abdeckung je Land',
    description: 'Die Abdeckung für jedes Land getrennt; Bundesangebote zählen in jedem Land.',
    query: text`
query CoverageMatrixByLand {
  coverageMatrix(byLand: true) {
    cells {
      land {
        ars
        name
      }
      targetGroup {
        code
        label
      }
      level
      area
      count
    }
  }
}
`,
  },
  {
    name: 'OverlapCandidates',
    title: 'Überschneidungen (Konsolidierungskandidaten)',
    description:
      'Paare ähnlich beschriebener Maßnahmen verschiedener Träger auf derselben Ebene mit gemeinsamer Zielgruppe und gemeinsamem Handlungsfeld, die ähnlichsten zuerst.',
    query: text`
query OverlapCandidates($level: Level, $minSimilarity: Float) {
  overlapCandidates(level: $level, minSimilarity: $minSimilarity, first: 50) {
    similarity
    level
    sharedTargetGroups
    sharedAreas
    a {
      id
      title
      ownerName
    }
    b {
      id
      title
      ownerName
    }
  }
}
`,
    variables: { level: null, minSimilarity: 0.3 },
  },
  {
    name: 'SuccessControlCoverage',
    title: 'Erfolgskontrolle je Träger (§ 7 Abs. 2 BHO)',
    description: 'Wie viele Maßnahmen je Träger eine Erfolgskontrolle angeben oder evaluiert sind – und welche nicht.',
    query: text`
query SuccessControlCoverage($level: Level) {
  successControlCoverage(level: $level) {
    owner
    ownerName
    level
    measures
    withSuccessControl
    withEvaluation
    covered
    share
    uncovered(first: 20) {
      id
      title
    }
  }
}
`,
    variables: { level: 'BUND' },
  },
  {
    name: 'ReviewFreshness',
    title: 'Aktualität: seit sechs Monaten nicht geprüfte Maßnahmen',
    description: 'Je Träger: wie viele Maßnahmen zur halbjährlichen Überprüfung fällig sind, und welche.',
    query: text`
query ReviewFreshness($level: Level) {
  reviewFreshness(level: $level) {
    owner
    ownerName
    level
    measures
    due
    dueShare
    dueMeasures(first: 20) {
      id
      title
    }
  }
}
`,
    variables: { level: null },
  },
  {
    name: 'OffersPerCapitaLaender',
    title: 'Angebote je 100 000 Einwohner – Länder',
    description:
      'Regionale Angebote je 100 000 Einwohner für jedes Land (eigene und die seiner Kommunen; Bevölkerung: Destatis, 31.12.2018).',
    query: text`
query OffersPerCapitaLaender {
  offersPerCapita(level: LAND) {
    ${nested(PER_CAPITA_ROW, 4)}
  }
}
`,
  },
  {
    name: 'OffersPerCapitaKreise',
    title: 'Angebote je 100 000 Einwohner – Kreise eines Landes',
    description: 'Dasselbe für die Kreise und kreisfreien Städte eines Landes (hier Bayern, 09).',
    query: text`
query OffersPerCapitaKreise($land: ID!) {
  offersPerCapita(level: KREIS, land: $land) {
    ${nested(PER_CAPITA_ROW, 4)}
  }
}
`,
    variables: { land: '09' },
  },
];

/**
 * The benchmark's wide analytics query: the coverage matrix per Land (target group × level × area
 * × Land, with the target group's label from federal and the Land's name from laender), success
 * control per owner and offers per capita for every Kreis (the Kreis from laender).
 */
export const WIDE_ANALYTICS_QUERY = text`
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
`;
