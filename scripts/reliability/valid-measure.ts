/**
 * The fields every rule of guideline chapter V asks of a federal measure, besides its title: the
 * write loop creates measures with them, and the tests (tests/support/fixtures.ts) reuse them.
 */
export const VALID_FEDERAL_MEASURE_FIELDS = {
  type: 'COUNSELLING',
  areas: ['EDUCATION_AND_WORK'],
  targetGroups: ['LOW_OR_UNRECOGNISED_QUALIFICATIONS'],
  grundangebot: 'RECOGNITION',
  fundingMethod: 'PROJECT_FUNDING',
  successControl: { status: 'PLANNED', plannedFor: '2027-06' },
} as const;
