/**
 * The saved operations: every question analysts and the IMAG coordination staff ask the graph.
 * The explorer opens each as a tab (and lists them under "Beispiele"), the dashboard draws from
 * DASHBOARD_QUERY, `npm run export:query -- --operation NAME` runs one, and a unit test checks
 * them all against the schema. No DOM and no Node APIs here.
 */

export interface SavedOperation {
  /** The GraphQL operation name, which is also the tab title in the explorer. */
  name: string;
  /** What it answers, in German, as shown in the explorer's list. */
  title: string;
  description: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Request headers the tab opens with (the editing example's bearer token). */
  headers?: Record<string, string>;
}

function text(strings: TemplateStringsArray, ...values: unknown[]): string {
  return `${String.raw(strings, ...values)
    .replace(/^\n/, '')
    .trimEnd()}\n`;
}

const HEADLINE_QUERY = (name: string) => text`
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
  }
}
`;

export const SAVED_OPERATIONS: readonly SavedOperation[] = [
  {
    name: 'OffersWomenNuremberg',
    title: 'Alle Angebote für Frauen und Mädchen in Nürnberg',
    description:
      'Die Leitfrage: jedes Angebot für eine Zielgruppe auf jeder Ebene (Bund, Land, Kommune), dazu Forschung und Austauschformate. Zielgruppe und Ort sind Variablen.',
    query: HEADLINE_QUERY('OffersWomenNuremberg'),
    variables: { code: 'WOMEN_AND_GIRLS', ars: '09564' },
  },
  {
    name: 'OffersChildrenKrefeld',
    title: 'Alle Angebote für Kinder und Jugendliche in Krefeld',
    description: 'Dieselbe Abfrage für CHILDREN_AND_YOUTH in Krefeld (ARS 05114).',
    query: HEADLINE_QUERY('OffersChildrenKrefeld'),
    variables: { code: 'CHILDREN_AND_YOUTH', ars: '05114' },
  },
  {
    name: 'CoverageMatrix',
    title: 'Abdeckung: Zielgruppe × Ebene × Handlungsfeld',
    description: 'Wie viele Angebote es je Zielgruppe, Ebene und Handlungsfeld gibt – mit den Lücken (Anzahl 0).',
    query: text`
query CoverageMatrix {
  coverageMatrix {
    total
    cells {
      targetGroup {
        code
        label
      }
      level
      area
      count
    }
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
    place {
      ars
    }
    name
    population
    offers
    offersPer100k
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
    place {
      ars
    }
    name
    population
    offers
    offersPer100k
  }
}
`,
    variables: { land: '09' },
  },
  {
    name: 'Search',
    title: 'Volltextsuche: „Integrationskurse“',
    description:
      'Eine deutsche Volltextsuche über Maßnahmen, Forschung und Austauschformate (Wortstämme, Rangfolge; "Phrase", -ausschließen).',
    query: text`
query Search($text: String!) {
  search(text: $text, first: 20) {
    totalCount
    hits {
      kind
      id
      title
      snippet
      rank
    }
  }
}
`,
    variables: { text: 'Integrationskurse' },
  },
  {
    name: 'ReviewsDue',
    title: 'Halbjährliche Überprüfung je Ressort',
    description: 'Je Ressort: wie viele Maßnahmen es verantwortet und welche zur Überprüfung fällig sind.',
    query: text`
query ReviewsDue {
  reviewsDue {
    ressort {
      code
      name
    }
    measureCount
    dueCount
    due(first: 20) {
      id
      title
      lastReviewedAt
      reviewDueOn
    }
  }
}
`,
  },
  {
    name: 'EditMeasure',
    title: 'Bearbeiten: Version lesen, dann ändern',
    description:
      'Erst ReadVersion ausführen und die Version ablesen, dann EditMeasure mit dieser Version. Schreiben braucht ein Token (npm run token) im Header „Authorization“.',
    query: text`
# Bearbeiten mit Versionsprüfung. Schreiben braucht ein Token:
#   npm run -s token -- --role editor --ressort BMFSFJ --name "Referat 501"
# und im Reiter "Headers": { "Authorization": "Bearer <Token>" }.
# 1. ReadVersion (unten) ausführen: ▶ und dann ReadVersion wählen; "version" ablesen.
# 2. EditMeasure mit dieser Version in den Variablen ausführen. Eine veraltete Version
#    ergibt CONFLICT mit currentVersion. Die Änderung wird wirklich gespeichert,
#    mit Eintrag in der Historie (wer, wann, welche Felder).

mutation EditMeasure($id: ID!, $version: Int!) {
  updateFederalMeasure(
    id: $id
    version: $version
    input: {
      summary: "Beratung für junge Menschen mit Migrationshintergrund von 12 bis 26 Jahren."
      fundingMethod: PROGRAMME
      successControl: { status: RUNNING }
    }
  ) {
    measure {
      version
      summary
      history {
        action
        actor
        at
        changes {
          field
          from
          to
        }
      }
    }
  }
}

query ReadVersion($id: ID!) {
  federalMeasure(id: $id) {
    id
    title
    version
    summary
  }
}
`,
    variables: { id: 'measure:bund:jmd', version: 1 },
    headers: { Authorization: 'Bearer <Token aus npm run token>' },
  },
];

export function savedOperation(name: string): SavedOperation | undefined {
  return SAVED_OPERATIONS.find((o) => o.name === name);
}

/** The dashboard's one request: the heat map, the bar chart and the "Stand". */
export const DASHBOARD_QUERY = text`
query Dashboard {
  analyticsStatus {
    syncedAt
    lastError
  }
  coverageMatrix {
    total
    cells {
      targetGroup {
        code
        label
      }
      level
      area
      count
    }
  }
  areas {
    code
    label
  }
  offersPerCapita(level: LAND) {
    place {
      ars
    }
    name
    population
    offers
    offersPer100k
  }
}
`;

export interface DashboardData {
  analyticsStatus: { syncedAt: string | null; lastError: string | null };
  coverageMatrix: {
    total: number;
    cells: {
      targetGroup: { code: string; label: string };
      level: 'BUND' | 'LAND' | 'KOMMUNE';
      area: string;
      count: number;
    }[];
  };
  areas: { code: string; label: string }[];
  offersPerCapita: {
    place: { ars: string };
    name: string;
    population: number;
    offers: number;
    offersPer100k: number;
  }[];
}
