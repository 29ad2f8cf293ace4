import { analyst, editorOf, TEST_AUTH, tokenFor } from '../support/auth';
import { markMeasureReviewed, readById } from '../support/editing';
import { graphql, graphqlOk } from '../support/graphql';
import { testHubForThisFile } from '../support/test-hub';
import { VALID_FEDERAL_MEASURE_FIELDS } from '../support/fixtures';

const hub = testHubForThisFile({ auth: TEST_AUTH });
let url: string;
beforeAll(() => {
  url = hub.gateway.graphqlUrl;
});

/** A measure that satisfies every rule of guideline chapter V. */
export function validMeasure(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Digitale Lotsen für Berufsanerkennung',
    summary: 'Beratung zur Anerkennung ausländischer Berufsabschlüsse per Video.',
    ...VALID_FEDERAL_MEASURE_FIELDS,
    ...overrides,
  };
}

const CREATE = /* GraphQL */ `
  mutation ($input: FederalMeasureInput!, $dryRun: Boolean) {
    createFederalMeasure(input: $input, dryRun: $dryRun) {
      measure {
        id
        version
        title
        owner {
          code
        }
        draft
        reviewDue
      }
      warnings {
        code
        similarity
        measure {
          id
        }
      }
    }
  }
`;

interface Created {
  createFederalMeasure: { measure: { id: string; version: number; title: string; owner: { code: string } } };
}

async function create(token: string, overrides: Record<string, unknown> = {}) {
  const data = await graphqlOk<Created>(url, CREATE, { input: validMeasure(overrides) }, token);
  return data.createFederalMeasure.measure;
}

describe('writing federal measures', () => {
  it('creates a measure for the editor’s own Ressort, reviewed as of now, with a CREATE history entry', async () => {
    const token = await editorOf('BMAS');
    const measure = await create(token, { title: 'Video-Beratung Anerkennung (Test 1)' });
    expect(measure).toMatchObject({
      version: 1,
      owner: { code: 'BMAS' },
      title: 'Video-Beratung Anerkennung (Test 1)',
    });
    expect(measure.id).toBe('measure:bund:video-beratung-anerkennung-test-1');
    const stored = await readById<{ reviewDue: boolean; history: unknown[] }>(
      url,
      'federalMeasure',
      measure.id,
      'reviewDue history { action actor version }',
      token,
    );
    expect(stored.reviewDue).toBe(false);
    expect(stored.history).toEqual([{ action: 'CREATE', actor: 'test:editor:BMAS', version: 1 }]);
  });

  // Writes without a token: editing-lifecycle.test.ts.
  it('refuses expired and forged tokens', async () => {
    const expired = await tokenFor({ roles: ['admin'] }, '-1h');
    const rejected = await graphql(url, '{ targetGroups { code } }', undefined, expired);
    expect(rejected.status).toBe(401);
    expect(rejected.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    const forged = await graphql(url, '{ targetGroups { code } }', undefined, `${expired.slice(0, -4)}abcd`);
    expect(forged.status).toBe(401);
  });

  it('keeps internal fields for analysts, admins and the owner’s editors', async () => {
    const owner = await editorOf('BMFSFJ');
    const measure = await create(owner, {
      title: 'Elternlotsen Test 3',
      targetGroups: ['FAMILIES'],
      areas: ['SOCIETY'],
      grundangebot: 'COMPLEMENTARY',
      budget: '1,2 Mio € (2027)',
      contacts: [{ name: 'Referat 501', email: 'ref501@example.org' }],
      coordinationStatus: 'IN_COORDINATION',
    });
    const query = `query($id: ID!) { federalMeasure(id: $id) { budget contacts { name } coordinationStatus viewerCanEdit } }`;
    const seen = async (token?: string) =>
      (await graphqlOk<{ federalMeasure: Record<string, unknown> }>(url, query, { id: measure.id }, token))
        .federalMeasure;
    expect(await seen()).toEqual({ budget: null, contacts: null, coordinationStatus: null, viewerCanEdit: false });
    expect(await seen(await editorOf('BMI'))).toEqual({
      budget: null,
      contacts: null,
      coordinationStatus: null,
      viewerCanEdit: false,
    });
    expect(await seen(await analyst())).toMatchObject({
      budget: '1,2 Mio € (2027)',
      coordinationStatus: 'IN_COORDINATION',
    });
    expect(await seen(owner)).toMatchObject({ budget: '1,2 Mio € (2027)', viewerCanEdit: true });
  });

  // Drafts (who sees them, in every read path; hidden from writes): editing-lifecycle.test.ts.
  // Archiving (reason, lists, history, no changes afterwards): editing-lifecycle.test.ts.

  it('marks a measure reviewed and counts what is due per Ressort', async () => {
    const token = await editorOf('BMI');
    const before = await graphqlOk<{
      reviewsDue: { ressort: { code: string }; dueCount: number; measureCount: number }[];
    }>(url, `{ reviewsDue(owners: ["BMI"]) { ressort { code } dueCount measureCount } }`);
    const bmi = before.reviewsDue[0];
    expect(bmi?.ressort.code).toBe('BMI');
    expect(bmi?.dueCount).toBeGreaterThan(0);
    await markMeasureReviewed(url, 'FederalMeasure', 'measure:bund:mbe', token);
    const after = await graphqlOk<{ reviewsDue: { dueCount: number }[] }>(
      url,
      `{ reviewsDue(owners: ["BMI"]) { dueCount } }`,
    );
    expect(after.reviewsDue[0]?.dueCount).toBe((bmi?.dueCount ?? 0) - 1);
  });

  it('warns about existing similar measures before a new one is created', async () => {
    const result = await graphqlOk<{
      createFederalMeasure: { measure: unknown; warnings: { code: string; measure: { id: string } }[] };
    }>(
      url,
      CREATE,
      {
        dryRun: true,
        input: validMeasure({
          title: 'Integrationskurs für Schutzberechtigte',
          summary: 'Sprachkurs und Orientierungskurs mit Deutsch-Test für Zuwanderer',
          targetGroups: ['PROTECTION_HOLDERS'],
          areas: ['LANGUAGE'],
          grundangebot: 'INTEGRATION_COURSE',
        }),
      },
      await editorOf('BMI'),
    );
    expect(result.createFederalMeasure.measure).toBeNull();
    expect(result.createFederalMeasure.warnings[0]).toMatchObject({
      code: 'SIMILAR_MEASURE_EXISTS',
      measure: { id: 'measure:bund:integrationskurs' },
    });
  });
});
