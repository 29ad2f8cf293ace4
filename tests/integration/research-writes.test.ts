import { analyst, editorOf, TEST_AUTH, tokenFor } from '../support/auth';
import { editableType, readById } from '../support/editing';
import { graphql, graphqlOk } from '../support/graphql';
import { testHubForThisFile } from '../support/test-hub';

const hub = testHubForThisFile({ auth: TEST_AUTH });
let url: string;
beforeAll(() => {
  url = hub.gateway.graphqlUrl;
});

const instituteEditor = (institute: string) =>
  tokenFor({ roles: ['editor'], institute, name: `Redaktion ${institute}` });

/** An output that satisfies every rule; the institute comes from the editor's token. */
function validOutput(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Geflüchtete in Ausbildung',
    type: 'BRIEF_REPORT',
    series: 'IAB-Kurzbericht',
    number: '7/2025',
    year: 2025,
    publishedOn: '2025-03-14',
    authors: ['Brücker, Herbert', 'Kosyakova, Yuliya'],
    doi: '10.48720/IAB.KB.2507',
    url: 'https://iab.de/publikationen/kurzbericht-7-2025',
    publishers: ['Institut für Arbeitsmarkt- und Berufsforschung (IAB)'],
    areas: ['EDUCATION_AND_WORK'],
    targetGroups: ['PROTECTION_HOLDERS', 'TRAINEES_AND_STUDENTS'],
    ...overrides,
  };
}

const OUTPUT_FIELDS = `id version title draft institutes { code } institute { code } viewerCanEdit reviewDue`;

interface Output {
  id: string;
  version: number;
  title: string;
  draft: boolean;
  institutes: { code: string }[];
  institute: { code: string } | null;
  viewerCanEdit: boolean;
  reviewDue: boolean;
}

const OUTPUTS = editableType<Output>('ResearchOutput', 'output', OUTPUT_FIELDS);
const { CREATE, UPDATE } = OUTPUTS;
const create = (token: string, overrides: Record<string, unknown> = {}) =>
  OUTPUTS.create(url, token, validOutput(overrides));
const update = (token: string, id: string, version: number, input: Record<string, unknown>) =>
  OUTPUTS.update(url, token, id, version, input);

const readOutput = (id: string, token?: string) =>
  readById(url, 'researchOutput', id, 'version title institutes { code }', token);

describe('writing research outputs', () => {
  it('creates an output of the editor’s institute, reviewed as of now, with a CREATE history entry', async () => {
    const iab = await instituteEditor('IAB');
    const output = await create(iab, { title: 'Geflüchtete in Ausbildung (Test 1)' });
    expect(output).toEqual({
      id: 'research:gefluechtete-in-ausbildung-test-1',
      version: 1,
      title: 'Geflüchtete in Ausbildung (Test 1)',
      draft: false,
      institutes: [{ code: 'IAB' }],
      institute: { code: 'IAB' },
      viewerCanEdit: true,
      reviewDue: false,
    });
    expect(await readById(url, 'researchOutput', output.id, 'doi history { action actor version }', iab)).toEqual({
      doi: '10.48720/IAB.KB.2507',
      history: [{ action: 'CREATE', actor: 'test:editor:IAB', version: 1 }],
    });
  });

  it('updates with the version read, records fields and measure links that changed, and refuses the stale version', async () => {
    const iab = await instituteEditor('IAB');
    const output = await create(iab, { title: 'Sprachkurse und Beschäftigung (Test 2)' });
    const link = {
      measureId: 'measure:bund:integrationskurs',
      subgraph: 'FEDERAL',
      kind: 'EVALUATION',
      reason: 'Bewertet die Wirkung des Integrationskurses auf die Beschäftigung',
    };
    const updated = await update(iab, output.id, 1, {
      title: 'Sprachkurse und Beschäftigung (Test 2, neu)',
      measureLinks: [link],
    });
    expect(updated).toMatchObject({
      version: 2,
      title: 'Sprachkurse und Beschäftigung (Test 2, neu)',
    });

    const stale = await graphql(url, UPDATE, { id: output.id, version: 1, input: { title: 'zu spät' } }, iab);
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });

    const data = await graphqlOk<{
      researchOutput: {
        title: string;
        measureLinks: { kind: string; reason: string; federalMeasure: { id: string } | null }[];
        history: { action: string; version: number; changes: { field: string; from: unknown; to: unknown }[] }[];
      };
      federalMeasure: { evaluations: { id: string }[] };
    }>(
      url,
      `query($id: ID!) {
         researchOutput(id: $id) {
           title measureLinks { kind reason federalMeasure { id } }
           history { action version changes { field from to } }
         }
         federalMeasure(id: "measure:bund:integrationskurs") { evaluations(first: 200) { id } }
       }`,
      { id: output.id },
      iab,
    );
    expect(data.researchOutput.title).toBe('Sprachkurse und Beschäftigung (Test 2, neu)');
    expect(data.researchOutput.measureLinks).toEqual([
      { kind: 'EVALUATION', reason: link.reason, federalMeasure: { id: 'measure:bund:integrationskurs' } },
    ]);
    expect(data.researchOutput.history[0]).toEqual({
      action: 'UPDATE',
      version: 2,
      changes: [
        {
          field: 'title',
          from: 'Sprachkurse und Beschäftigung (Test 2)',
          to: 'Sprachkurse und Beschäftigung (Test 2, neu)',
        },
        {
          field: 'measureLinks',
          from: null,
          to: [
            {
              measureId: 'measure:bund:integrationskurs',
              subgraph: 'federal',
              kind: 'EVALUATION',
              reason: link.reason,
            },
          ],
        },
      ],
    });
    expect(data.federalMeasure.evaluations.map((e) => e.id)).toContain(output.id);

    // Links alone are a write; the same links again are none.
    const cleared = await update(iab, output.id, 2, { measureLinks: [] });
    expect(cleared.version).toBe(3);
    const again = await update(iab, output.id, 3, { measureLinks: [] });
    expect(again.version).toBe(3);
  });

  it('refuses another institute’s editor, a Ressort editor and moves out of the editor’s institute, changing nothing', async () => {
    const iab = await instituteEditor('IAB');
    const output = await create(iab, { title: 'Arbeitsmarktintegration (Test 3)' });
    const attempts: [string, Record<string, unknown>][] = [
      [await instituteEditor('DEZIM'), { title: 'übernommen' }],
      [await editorOf('BMAS'), { title: 'übernommen' }],
      [iab, { institutes: ['DEZIM'] }],
    ];
    for (const [token, input] of attempts) {
      const result = await graphql(url, UPDATE, { id: output.id, version: 1, input }, token);
      expect(result.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    }
    const foreign = await graphql(url, CREATE, { input: validOutput({ institutes: ['SVR'] }) }, iab);
    expect(foreign.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(await readOutput(output.id)).toEqual({
      version: 1,
      title: 'Arbeitsmarktintegration (Test 3)',
      institutes: [{ code: 'IAB' }],
    });
    // Sharing the output with another institute keeps it the editor's.
    const shared = await update(iab, output.id, 1, { institutes: ['IAB', 'DEZIM'] });
    expect(shared.institutes).toEqual([{ code: 'IAB' }, { code: 'DEZIM' }]);
  });

  // Writes without a token: editing-lifecycle.test.ts.

  // Drafts (who sees them, in every read path; hidden from writes): editing-lifecycle.test.ts.
  // Archiving (reason, lists, history, no changes afterwards): editing-lifecycle.test.ts.

  it('marks a seeded output reviewed', async () => {
    const iab = await instituteEditor('IAB');
    const before = await graphqlOk<{ researchOutput: { version: number; reviewDue: boolean; reviewDueOn: null } }>(
      url,
      `{ researchOutput(id: "research:iab-kb-04-2020") { version reviewDue reviewDueOn } }`,
    );
    expect(before.researchOutput).toMatchObject({ reviewDue: true, reviewDueOn: null });
    const reviewed = await graphqlOk<{
      markResearchOutputReviewed: {
        output: { version: number; reviewDue: boolean; reviewDueOn: string; lastReviewedAt: string };
      };
    }>(
      url,
      `mutation($v: Int!) { markResearchOutputReviewed(id: "research:iab-kb-04-2020", version: $v, note: "Halbjährliche Prüfung") {
         output { version reviewDue reviewDueOn lastReviewedAt } } }`,
      { v: before.researchOutput.version },
      iab,
    );
    const { output } = reviewed.markResearchOutputReviewed;
    expect(output.version).toBe(before.researchOutput.version + 1);
    expect(output.reviewDue).toBe(false);
    expect(new Date(output.lastReviewedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(new Date(output.reviewDueOn).getTime()).toBeGreaterThan(Date.now() + 150 * 86_400_000);
    const history = await graphqlOk<{
      researchOutput: { history: { action: string; note: string; changes: { field: string }[] }[] };
    }>(
      url,
      `{ researchOutput(id: "research:iab-kb-04-2020") { history { action note changes { field } } } }`,
      undefined,
      await analyst(),
    );
    expect(history.researchOutput.history[0]).toMatchObject({ action: 'REVIEW', note: 'Halbjährliche Prüfung' });
    expect(history.researchOutput.history[0]?.changes.map((c) => c.field)).toEqual([
      'lastReviewedAt',
      'lastReviewedBy',
    ]);
    const anonymous = await graphqlOk<{ researchOutput: { history: unknown; viewerCanEdit: boolean } }>(
      url,
      `{ researchOutput(id: "research:iab-kb-04-2020") { history { action } viewerCanEdit } }`,
    );
    expect(anonymous.researchOutput).toEqual({ history: null, viewerCanEdit: false });
  });
});

describe('the rules of a research output', () => {
  const link = (overrides: Record<string, unknown>) => ({
    measureId: 'measure:bund:integrationskurs',
    subgraph: 'FEDERAL',
    kind: 'EVALUATION',
    reason: 'Bewertet den Kurs',
    ...overrides,
  });

  it.each<[string, string, Record<string, unknown>, string]>([
    ['a blank title', 'TITLE_REQUIRED', { title: '  ' }, 'input.title'],
    ['no type', 'TYPE_REQUIRED', { type: null }, 'input.type'],
    [
      'neither institute nor publisher',
      'INSTITUTE_OR_PUBLISHER_REQUIRED',
      { institutes: [], publishers: [] },
      'input.institutes',
    ],
    [
      'an institute the guideline does not name',
      'INSTITUTE_UNKNOWN',
      { institutes: ['IAB', 'WZB'] },
      'input.institutes.1',
    ],
    ['a lead outside the institutes', 'LEAD_INSTITUTE_INVALID', { leadInstitute: 'SVR' }, 'input.leadInstitute'],
    [
      'a publisher Ressort that is no publisher',
      'PUBLISHER_RESSORT_NOT_PUBLISHER',
      { publisherRessorts: ['BMAS'] },
      'input.publisherRessorts.0',
    ],
    ['a German date', 'DATE_INVALID', { publishedOn: '14.03.2025' }, 'input.publishedOn'],
    ['a year before 1900', 'YEAR_INVALID', { year: 1850 }, 'input.year'],
    ['a start year after 2100', 'YEAR_INVALID', { yearStarted: 2201 }, 'input.yearStarted'],
    ['a DOI as a URL', 'DOI_INVALID', { doi: 'https://doi.org/10.48720/x' }, 'input.doi'],
    ['a URL without scheme', 'URL_INVALID', { url: 'iab.de/kurzbericht' }, 'input.url'],
    ['partOf an unknown output', 'PART_OF_UNKNOWN', { partOf: 'research:gibt-es-nicht' }, 'input.partOf'],
    [
      'a Land measure linked as federal',
      'MEASURE_LINK_INVALID',
      { measureLinks: [link({ measureId: 'measure:land:by:bayintg' })] },
      'input.measureLinks.0.measureId',
    ],
    [
      'a federal measure linked as LAENDER',
      'MEASURE_LINK_INVALID',
      { measureLinks: [link({ subgraph: 'LAENDER' })] },
      'input.measureLinks.0.measureId',
    ],
    [
      'the same link twice',
      'MEASURE_LINK_INVALID',
      { measureLinks: [link({}), link({ reason: 'doppelt' })] },
      'input.measureLinks.1',
    ],
    [
      'a link without reason',
      'MEASURE_LINK_INVALID',
      { measureLinks: [link({ reason: ' ' })] },
      'input.measureLinks.0.reason',
    ],
    ['an externalId already used', 'EXTERNAL_ID_TAKEN', { externalId: 'IAB-KB-TAKEN' }, 'input.externalId'],
  ])('%s fails %s', async (_case, rule, overrides, field) => {
    const iab = await instituteEditor('IAB');
    if (rule === 'EXTERNAL_ID_TAKEN')
      await create(iab, { title: 'Vorhandene externe Kennung', externalId: 'IAB-KB-TAKEN' });
    const before = await graphqlOk<{ researchOutputs: { totalCount: number } }>(
      url,
      `{ researchOutputs(filter: { includeArchived: true }) { totalCount } }`,
      undefined,
      iab,
    );
    const result = await graphql(
      url,
      CREATE,
      { input: validOutput({ title: `Regeltest ${rule}`, ...overrides }) },
      iab,
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', rule, field });
    const after = await graphqlOk<{ researchOutputs: { totalCount: number } }>(
      url,
      `{ researchOutputs(filter: { includeArchived: true }) { totalCount } }`,
      undefined,
      iab,
    );
    expect(after.researchOutputs.totalCount).toBe(before.researchOutputs.totalCount);
  });

  it('reports every broken rule at once', async () => {
    const result = await graphql(
      url,
      CREATE,
      { input: validOutput({ title: '', doi: '11.1/x', url: 'ftp://x' }) },
      await instituteEditor('IAB'),
    );
    const violations = result.errors?.[0]?.extensions?.['violations'] as { rule: string; field: string }[];
    expect(violations.map((v) => [v.rule, v.field])).toEqual([
      ['TITLE_REQUIRED', 'input.title'],
      ['DOI_INVALID', 'input.doi'],
      ['URL_INVALID', 'input.url'],
    ]);
  });

  it('checks updates merged with what is stored, including parts that would contain themselves', async () => {
    const iab = await instituteEditor('IAB');
    const study = await create(iab, { title: 'Panelstudie (Regeltest)', type: 'PANEL_STUDY' });
    const report = await create(iab, { title: 'Bericht aus der Panelstudie (Regeltest)', partOf: study.id });
    const cycle = await graphql(url, UPDATE, { id: study.id, version: 1, input: { partOf: report.id } }, iab);
    expect(cycle.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      rule: 'PART_OF_CYCLE',
      field: 'input.partOf',
    });
    const self = await graphql(url, UPDATE, { id: study.id, version: 1, input: { partOf: study.id } }, iab);
    expect(self.errors?.[0]?.extensions).toMatchObject({ rule: 'PART_OF_CYCLE' });
    const noTitle = await graphql(url, UPDATE, { id: report.id, version: 1, input: { title: null } }, iab);
    expect(noTitle.errors?.[0]?.extensions).toMatchObject({ rule: 'TITLE_REQUIRED', field: 'input.title' });
    expect(await readById(url, 'researchOutput', study.id, 'version parts { id }')).toEqual({
      version: 1,
      parts: [{ id: report.id }],
    });
  });

  it('leaves areas and target groups to the GraphQL enums', async () => {
    const result = await graphql(
      url,
      CREATE,
      { input: validOutput({ areas: ['HOUSING'], targetGroups: ['EVERYONE'] }) },
      await instituteEditor('IAB'),
    );
    expect(result.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });
});
