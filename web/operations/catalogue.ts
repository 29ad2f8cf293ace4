/**
 * Questions to the catalogue itself: a full-text search over measures, research and exchange
 * formats, and which measures each Ressort has to review.
 */
import { text, type SavedOperation } from './saved-operation';

export const CATALOGUE_OPERATIONS: readonly SavedOperation[] = [
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
];
