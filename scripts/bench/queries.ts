import { HEADLINE_QUERY, KREFELD_CHILDREN, WIDE_ANALYTICS_QUERY } from '../../web/operations';
import type { QueryName } from './results';

/** The README's headline query: every offer for children and young people in Krefeld, from four subgraphs. */
export const HEADLINE = {
  query: HEADLINE_QUERY,
  variables: { ...KREFELD_CHILDREN },
};

/** The analytics query over every Land and Kreis (see WIDE_ANALYTICS_QUERY). */
export const WIDE_ANALYTICS = { query: WIDE_ANALYTICS_QUERY, variables: {} };

/** The two queries the benchmark measures, both from the saved operations (web/operations). */
export const QUERIES: Record<QueryName, { query: string; variables: Record<string, unknown> }> = {
  headline: HEADLINE,
  wide: WIDE_ANALYTICS,
};
