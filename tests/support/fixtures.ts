import { VALID_FEDERAL_MEASURE_FIELDS } from '../../scripts/reliability/valid-measure';
import { graphqlOk } from './graphql';
import type { TestHub } from './test-hub';

/**
 * A made-up Kommune measure for Nürnberg. The real catalogue has no Nürnberg record yet; tests
 * add this one to show a Kommune's offers next to its Land's. Its title says it is not real.
 */
export const TEST_NUERNBERG_MEASURE_ID = 'measure:kommune:09564:test-only';

export async function addTestNuernbergMeasure(hub: TestHub): Promise<void> {
  const db = hub.subgraphs.get('laender')?.prepared.database.dataSource;
  if (!db) throw new Error('laender subgraph not running');
  await db.query(
    `INSERT INTO laender.measure (id, title, summary, type, level, ars, land, areas, target_groups, status, verified, sources)
     VALUES ($1, 'Testangebot Nürnberg (erfunden, nur für Tests)', 'Erfundener Datensatz für automatische Tests.',
             'COUNSELLING', 'KOMMUNE', '09564', '09', '{SOCIETY}', '{WOMEN_AND_GIRLS,CHILDREN_AND_YOUTH}', 'ACTIVE', false, '{}')`,
    [TEST_NUERNBERG_MEASURE_ID],
  );
}

/** The fields every rule of guideline chapter V asks of a federal measure, besides its title (kept with the reliability run's writes). */
export { VALID_FEDERAL_MEASURE_FIELDS };

/** The fields every rule of guideline chapter V asks of a Land or Kommune measure, besides its title and summary. */
export const VALID_REGIONAL_MEASURE_FIELDS = {
  type: 'COUNSELLING',
  areas: ['LANGUAGE'],
  targetGroups: ['PROTECTION_HOLDERS'],
  grundangebot: 'COMPLEMENTARY',
  fundingMethod: 'PROJECT_FUNDING',
  successControl: { status: 'PLANNED', plannedFor: '2027-06' },
} as const;

/**
 * Creates a complete, valid federal measure through `url` with the editor's token and returns its
 * id: tests that edit a measure of their own start from one.
 */
export async function createFederalTestMeasure(url: string, token: string, title: string): Promise<string> {
  const data = await graphqlOk<{ createFederalMeasure: { measure: { id: string } } }>(
    url,
    `mutation($input: FederalMeasureInput!) { createFederalMeasure(input: $input) { measure { id } } }`,
    {
      input: { title, ...VALID_FEDERAL_MEASURE_FIELDS },
    },
    token,
  );
  return data.createFederalMeasure.measure.id;
}
