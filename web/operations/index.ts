/**
 * Every saved operation, in one place: the questions analysts and the IMAG coordination staff ask
 * the graph. The explorer opens SAVED_OPERATIONS as tabs, in this order (and lists them under
 * "Beispiele"); the dashboard draws from DASHBOARD_QUERY; `npm run export:query -- --saved NAME`
 * runs one; the tests send HEADLINE_QUERY and WIDE_HEADLINE_QUERY; the benchmark measures
 * HEADLINE_QUERY and WIDE_ANALYTICS_QUERY; unit tests check them all against the schema and the
 * operation limits. No DOM and no Node APIs here.
 */
import { ANALYTICS_OPERATIONS } from './analytics';
import { CATALOGUE_OPERATIONS } from './catalogue';
import { EDITING_OPERATIONS } from './editing';
import { HEADLINE_OPERATIONS } from './headline';
import type { SavedOperation } from './saved-operation';

export type { SavedOperation } from './saved-operation';
export { DASHBOARD_QUERY, type DashboardData } from './dashboard';
export { HEADLINE_QUERY, KREFELD_CHILDREN, WIDE_HEADLINE_QUERY } from './headline';
export { WIDE_ANALYTICS_QUERY } from './analytics';

/** The explorer's list: the headline question first, editing last. */
export const SAVED_OPERATIONS: readonly SavedOperation[] = [
  ...HEADLINE_OPERATIONS,
  ...ANALYTICS_OPERATIONS,
  ...CATALOGUE_OPERATIONS,
  ...EDITING_OPERATIONS,
];

export function savedOperation(name: string): SavedOperation | undefined {
  return SAVED_OPERATIONS.find((o) => o.name === name);
}
