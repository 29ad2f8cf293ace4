import { MEASURE_TYPES } from '../catalogue/vocabulary';
import type { MeasureSeedBase } from './seed-types';
import { assertAllOf, assertOneOf, seedTargetGroups } from './seed-validation';
import { AREA_CODES, LEVELS, OFFER_STATUSES } from '../catalogue/vocabulary';

/** Columns every measure table (federal.measure, laender.measure) has, with their types. */
export const MEASURE_BASE_COLUMNS = {
  id: 'text',
  title: 'text',
  short_title: 'text',
  summary: 'text',
  type: 'text',
  implementation_level: 'text',
  areas: 'text[]',
  target_groups: 'text[]',
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
  notes: 'text',
  sources: 'text[]',
  verified: 'boolean',
  synthetic: 'boolean',
} as const;

/**
 * Validates the fields every measure seed has and maps them to their columns; each subgraph adds
 * its own (owner, place, …). Target groups are derived here, so both levels derive them alike.
 */
export function measureBaseRow(m: MeasureSeedBase, synthetic: boolean) {
  assertOneOf(m.id, 'type', m.type, MEASURE_TYPES);
  assertOneOf(m.id, 'status', m.status, OFFER_STATUSES);
  assertAllOf(m.id, 'areas', m.areas, AREA_CODES);
  if (m.implementationLevel) assertOneOf(m.id, 'implementationLevel', m.implementationLevel, LEVELS);
  return {
    id: m.id,
    title: m.title,
    short_title: m.shortTitle ?? null,
    summary: m.summary,
    type: m.type,
    implementation_level: m.implementationLevel ?? null,
    areas: m.areas,
    target_groups: seedTargetGroups(m.id, m.detailedTargetGroups, m.additionalTargetGroups),
    detailed_target_groups: m.detailedTargetGroups,
    legal_basis: m.legalBasis,
    languages: m.languages,
    status: m.status,
    url: m.url ?? null,
    since: m.since ?? null,
    valid_from: m.validFrom ?? null,
    valid_to: m.validTo ?? null,
    min_age: m.minAge ?? null,
    max_age_exclusive: m.maxAgeExclusive ?? null,
    funding: m.funding ?? null,
    facts: m.facts,
    notes: m.notes ?? null,
    sources: m.sources,
    verified: m.verified,
    synthetic,
  };
}
