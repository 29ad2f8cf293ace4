import { admin, editorOf, TEST_AUTH } from '../support/auth';
import { graphql } from '../support/graphql';
import { startTestHub, type TestHub } from '../support/test-hub';

let hub: TestHub;
let token: string;

beforeAll(async () => {
  hub = await startTestHub({ auth: TEST_AUTH });
  token = await editorOf('BMAS');
});

afterAll(async () => {
  await hub?.stop();
});

const VALID = {
  title: 'Regelprüfung',
  type: 'COURSE',
  owner: 'BMAS',
  areas: ['LANGUAGE'],
  targetGroups: ['EMPLOYABLE_PERSONS'],
  grundangebot: 'JOB_RELATED_LANGUAGE',
  fundingMethod: 'PROGRAMME',
  successControl: { status: 'DONE' },
};

const CREATE = `mutation($input: FederalMeasureInput!) {
  createFederalMeasure(input: $input, dryRun: true) { warnings { code } } }`;

async function violations(input: Record<string, unknown>, as = token) {
  const result = await graphql(hub.gateway.graphqlUrl, CREATE, { input }, as);
  return result.errors ?? [];
}

describe('the guideline’s procedural rules (chapter V) on federal measures', () => {
  it('accept a measure that states everything the guideline asks for', async () => {
    expect(await violations(VALID)).toEqual([]);
  });

  it.each([
    ['a title', { title: '  ' }, 'TITLE_REQUIRED', 'input.title'],
    ['the kind of instrument', { type: null }, 'TYPE_REQUIRED', 'input.type'],
    ['its owner', { owner: null }, 'OWNER_REQUIRED', 'input.owner'],
    ['at least one area', { areas: [] }, 'AREA_REQUIRED', 'input.areas'],
    ['at least one target group', { targetGroups: [] }, 'TARGET_GROUP_REQUIRED', 'input.targetGroups'],
    ['its Grundangebot block or COMPLEMENTARY', { grundangebot: null }, 'GRUNDANGEBOT_REQUIRED', 'input.grundangebot'],
    [
      'how obliged participation is checked and sanctioned',
      { canObligeParticipation: true },
      'OBLIGATION_ENFORCEMENT_REQUIRED',
      'input.obligationEnforcement',
    ],
    ['its funding method', { fundingMethod: null }, 'FUNDING_METHOD_REQUIRED', 'input.fundingMethod'],
    [
      'the end of a model project’s test phase',
      { modelProject: true, scalingPlan: 'Übertragung auf alle Länder' },
      'TEST_PHASE_END_REQUIRED',
      'input.testPhaseEndsOn',
    ],
    [
      'how a model project would scale or transfer',
      { modelProject: true, testPhaseEndsOn: '2027-12-31' },
      'SCALING_PLAN_REQUIRED',
      'input.scalingPlan',
    ],
    ['its success control', { successControl: null }, 'SUCCESS_CONTROL_REQUIRED', 'input.successControl.status'],
    [
      'the date of a planned success control',
      { successControl: { status: 'PLANNED' } },
      'SUCCESS_CONTROL_DATE_REQUIRED',
      'input.successControl.plannedFor',
    ],
    ['well-formed dates', { validFrom: '1.1.2026' }, 'DATE_INVALID', 'input.validFrom'],
    ['a sensible age range', { minAge: 27, maxAgeExclusive: 12 }, 'AGE_RANGE_INVALID', 'input.maxAgeExclusive'],
    ['a web address', { url: 'ftp://example.org' }, 'URL_INVALID', 'input.url'],
  ])('require %s', async (_what, change, rule, field) => {
    const errors = await violations({ ...VALID, ...change });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', rule, field });
    expect(errors[0]?.extensions?.['violations']).toEqual([{ rule, field, message: expect.any(String) }]);
  });

  it('require an owner that exists (checked for admins, who may name any owner)', async () => {
    const errors = await violations({ ...VALID, owner: 'BMXYZ' }, await admin());
    expect(errors[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      rule: 'OWNER_UNKNOWN',
      field: 'input.owner',
    });
  });

  it('report every broken rule at once', async () => {
    const errors = await violations({ title: 'Fast leer', owner: 'BMAS' });
    const rules = (errors[0]?.extensions?.['violations'] as { rule: string }[]).map((v) => v.rule);
    expect(rules).toEqual([
      'TYPE_REQUIRED',
      'AREA_REQUIRED',
      'TARGET_GROUP_REQUIRED',
      'GRUNDANGEBOT_REQUIRED',
      'FUNDING_METHOD_REQUIRED',
      'SUCCESS_CONTROL_REQUIRED',
    ]);
  });

  it('check an update against the stored measure merged with the change', async () => {
    const db = hub.subgraphs.get('federal')?.prepared.database.dataSource;
    const [row] =
      (await db?.query<[{ version: number }]>(`SELECT version FROM federal.measure WHERE id = 'measure:bund:iq'`)) ??
      [];
    // The seed records do not state a funding method or success control yet: an editor who
    // touches one must complete it.
    const result = await graphql(
      hub.gateway.graphqlUrl,
      `
        mutation ($v: Int!) {
          updateFederalMeasure(id: "measure:bund:iq", version: $v, input: { shortTitle: "IQ" }) {
            measure {
              id
            }
          }
        }
      `,
      { v: row?.version },
      token,
    );
    expect(result.errors?.[0]?.extensions?.['rule']).toBe('FUNDING_METHOD_REQUIRED');
    expect((result.errors?.[0]?.extensions?.['violations'] as { rule: string }[]).map((v) => v.rule)).toEqual([
      'FUNDING_METHOD_REQUIRED',
      'SUCCESS_CONTROL_REQUIRED',
    ]);
  });
});
