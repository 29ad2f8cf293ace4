import { AREA_CODES, LEVELS, MEASURE_TYPES, OFFER_STATUSES } from '../catalogue/vocabulary';
import { SOURCED_RECORD_COLUMNS, TARGET_GROUPS_COLUMN } from './record-columns';
import type { MeasureSeedBase } from './seed-types';
import { assertAllOf, assertOneOf } from './seed-validation';

/**
 * Columns every measure table (federal.measure, laender.measure) has; each subgraph adds its
 * own (owner, place, …). Target groups are derived here, so both levels derive them alike.
 */
export const MEASURE_BASE_COLUMNS = {
  id: 'text',
  title: 'text',
  short_title: 'text',
  summary: 'text',
  type: 'text',
  implementation_level: 'text',
  areas: 'text[]',
  target_groups: TARGET_GROUPS_COLUMN,
  detailed_target_groups: 'text[]',
  legal_basis: 'text[]',
  languages: 'text[]',
  status: 'text',
  url: 'text',
  since: 'text',
  valid_from: 'text',
  valid_to: 'text',
  min_age: 'int',
  max_age_exclusive: 'int',
  funding: 'text',
  facts: 'text[]',
  ...SOURCED_RECORD_COLUMNS,
} as const;

/** Checks the codes every measure seed has against the vocabulary. */
export function validateMeasureBase(m: MeasureSeedBase): void {
  assertOneOf(m.id, 'type', m.type, MEASURE_TYPES);
  assertOneOf(m.id, 'status', m.status, OFFER_STATUSES);
  assertAllOf(m.id, 'areas', m.areas, AREA_CODES);
  if (m.implementationLevel) assertOneOf(m.id, 'implementationLevel', m.implementationLevel, LEVELS);
}
