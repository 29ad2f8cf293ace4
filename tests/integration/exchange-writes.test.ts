import { analyst, editorOf, TEST_AUTH, tokenFor } from '../support/auth';
import { editableType, readById } from '../support/editing';
import { graphql, graphqlOk } from '../support/graphql';
import { testHubForThisFile } from '../support/test-hub';

const hub = testHubForThisFile({ auth: TEST_AUTH });
let url: string;
beforeAll(() => {
  url = hub.gateway.graphqlUrl;
});

/** A format that satisfies every rule; the convenor comes from the editor's Ressort. */
function validFormat(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Fachgespräch Integration vor Ort',
    type: 'STAKEHOLDER_EXCHANGE',
    level: 'BUND',
    participantKinds: ['BUND', 'KOMMUNEN', 'MIGRANT_ORGANISATIONS'],
    since: '2025-02',
    sessions: [{ number: 1, date: '2025-02-11', note: 'Auftakt' }],
    facts: ['Zweimal jährlich'],
    guidelineReference: 'Leitfaden 2020, Kap. VI',
    targetGroups: ['PROTECTION_HOLDERS'],
    relatedFederalMeasures: ['measure:bund:mbe'],
    ...overrides,
  };
}

const FORMAT_FIELDS = `id version name draft convenorRessort { code } viewerCanEdit reviewDue`;

interface Format {
  id: string;
  version: number;
  name: string;
  draft: boolean;
  convenorRessort: { code: string } | null;
  viewerCanEdit: boolean;
  reviewDue: boolean;
}

const FORMATS = editableType<Format>('ExchangeFormat', 'format', FORMAT_FIELDS);
const { CREATE, UPDATE } = FORMATS;
const create = (token: string, overrides: Record<string, unknown> = {}) =>
  FORMATS.create(url, token, validFormat(overrides));
const update = (token: string, id: string, version: number, input: Record<string, unknown>) =>
  FORMATS.update(url, token, id, version, input);

const readFormat = (id: string) => readById(url, 'exchangeFormat', id, 'version name convenorRessort { code }');

describe('writing exchange formats', () => {
  it('creates a format convened by the editor’s Ressort, reviewed as of now, with a CREATE history entry', async () => {
    const bmi = await editorOf('BMI');
    const format = await create(bmi, { name: 'Fachgespräch Integration vor Ort (Test 1)' });
    expect(format).toEqual({
      id: 'format:fachgespraech-integration-vor-ort-test-1',
      version: 1,
      name: 'Fachgespräch Integration vor Ort (Test 1)',
      draft: false,
      convenorRessort: { code: 'BMI' },
      viewerCanEdit: true,
      reviewDue: false,
    });
    const data = await graphqlOk<{
      exchangeFormat: {
        sessions: unknown[];
        history: { action: string; actor: string; version: number }[];
      };
      ressort: { exchangeFormats: { id: string }[] };
    }>(
      url,
      `query($id: ID!) {
         exchangeFormat(id: $id) { sessions { number date note } history { action actor version } }
         ressort(code: "BMI") { exchangeFormats(first: 200) { id } }
       }`,
      { id: format.id },
      bmi,
    );
    expect(data.exchangeFormat).toEqual({
      sessions: [{ number: 1, date: '2025-02-11', note: 'Auftakt' }],
      history: [{ action: 'CREATE', actor: 'test:editor:BMI', version: 1 }],
    });
    expect(data.ressort.exchangeFormats.map((f) => f.id)).toContain(format.id);
  });

  it('updates with the version read, records what changed, and refuses the stale version', async () => {
    const bmi = await editorOf('BMI');
    const format = await create(bmi, { name: 'Dialog Teilhabe (Test 2)' });
    const updated = await update(bmi, format.id, 1, {
      name: 'Dialog Teilhabe (Test 2, neu)',
      sessions: [{ date: '2025-02-11' }, { date: '2025-09' }],
    });
    expect(updated).toMatchObject({ version: 2, name: 'Dialog Teilhabe (Test 2, neu)' });

    const stale = await graphql(url, UPDATE, { id: format.id, version: 1, input: { name: 'zu spät' } }, bmi);
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });

    const stored = await readById<{ name: string; history: unknown[] }>(
      url,
      'exchangeFormat',
      format.id,
      'name history { action changes { field from to } }',
      bmi,
    );
    expect(stored.name).toBe('Dialog Teilhabe (Test 2, neu)');
    expect(stored.history[0]).toEqual({
      action: 'UPDATE',
      changes: [
        { field: 'name', from: 'Dialog Teilhabe (Test 2)', to: 'Dialog Teilhabe (Test 2, neu)' },
        {
          field: 'sessions',
          from: [{ number: 1, date: '2025-02-11', note: 'Auftakt' }],
          to: [{ date: '2025-02-11' }, { date: '2025-09' }],
        },
      ],
    });
  });

  it('refuses another Ressort’s editor and hand-overs to another Ressort, changing nothing', async () => {
    const bmi = await editorOf('BMI');
    const format = await create(bmi, { name: 'Runder Tisch (Test 3)' });
    const attempts: [string, Record<string, unknown>][] = [
      [await editorOf('BMAS'), { name: 'übernommen' }],
      [await tokenFor({ roles: ['editor'], institute: 'IAB' }), { name: 'übernommen' }],
      [await tokenFor({ roles: ['editor'], formats: ['format:dik'] }), { name: 'übernommen' }],
      [bmi, { convenorRessort: 'BMAS' }],
    ];
    for (const [token, input] of attempts) {
      const result = await graphql(url, UPDATE, { id: format.id, version: 1, input }, token);
      expect(result.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    }
    const foreign = await graphql(url, CREATE, { input: validFormat({ convenorRessort: 'BMAS' }) }, bmi);
    expect(foreign.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(await readFormat(format.id)).toEqual({
      version: 1,
      name: 'Runder Tisch (Test 3)',
      convenorRessort: { code: 'BMI' },
    });
    // Coordinating it together with another Ressort keeps it the editor's.
    const shared = await update(bmi, format.id, 1, { coordinatorRessort: 'BMAS' });
    expect(shared.version).toBe(2);
  });

  it('lets an editor write the formats their token names', async () => {
    const token = await tokenFor({ roles: ['editor'], formats: ['format:nap-i'] });
    const { exchangeFormat } = await graphqlOk<{ exchangeFormat: { version: number; viewerCanEdit: boolean } }>(
      url,
      `{ exchangeFormat(id: "format:nap-i") { version viewerCanEdit } }`,
      undefined,
      token,
    );
    expect(exchangeFormat.viewerCanEdit).toBe(true);
    const updated = await graphqlOk<{ updateExchangeFormat: { format: { version: number; name: string } } }>(
      url,
      `mutation($v: Int!) { updateExchangeFormat(id: "format:nap-i", version: $v, input: { notes: "Redaktion: Phasen I bis V abgeschlossen" }) { format { version name } } }`,
      { v: exchangeFormat.version },
      token,
    );
    expect(updated.updateExchangeFormat.format.version).toBe(exchangeFormat.version + 1);
  });

  // Writes without a token: editing-lifecycle.test.ts.

  // Drafts (who sees them, in every read path; hidden from writes): editing-lifecycle.test.ts.
  // Archiving (reason, lists, history, no changes afterwards): editing-lifecycle.test.ts.

  it('marks a seeded format reviewed', async () => {
    const bmi = await editorOf('BMI');
    const before = await graphqlOk<{ exchangeFormat: { version: number; reviewDue: boolean } }>(
      url,
      `{ exchangeFormat(id: "format:dik") { version reviewDue } }`,
    );
    expect(before.exchangeFormat.reviewDue).toBe(true);
    const reviewed = await graphqlOk<{
      markExchangeFormatReviewed: { format: { version: number; reviewDue: boolean; reviewDueOn: string } };
    }>(
      url,
      `mutation($v: Int!) { markExchangeFormatReviewed(id: "format:dik", version: $v, note: "Halbjährliche Prüfung") {
         format { version reviewDue reviewDueOn } } }`,
      { v: before.exchangeFormat.version },
      bmi,
    );
    const { format } = reviewed.markExchangeFormatReviewed;
    expect(format.version).toBe(before.exchangeFormat.version + 1);
    expect(format.reviewDue).toBe(false);
    expect(new Date(format.reviewDueOn).getTime()).toBeGreaterThan(Date.now() + 150 * 86_400_000);
    const history = await graphqlOk<{ exchangeFormat: { history: { action: string; note: string }[] } }>(
      url,
      `{ exchangeFormat(id: "format:dik") { history { action note } } }`,
      undefined,
      await analyst(),
    );
    expect(history.exchangeFormat.history).toEqual([{ action: 'REVIEW', note: 'Halbjährliche Prüfung' }]);
    const anonymous = await graphqlOk<{ exchangeFormat: { history: unknown; viewerCanEdit: boolean } }>(
      url,
      `{ exchangeFormat(id: "format:dik") { history { action } viewerCanEdit } }`,
    );
    expect(anonymous.exchangeFormat).toEqual({ history: null, viewerCanEdit: false });
  });
});

describe('the rules of an exchange format', () => {
  it.each<[string, string, Record<string, unknown>, string]>([
    ['a blank name', 'NAME_REQUIRED', { name: ' ' }, 'input.name'],
    ['no type', 'TYPE_REQUIRED', { type: null }, 'input.type'],
    ['no level', 'LEVEL_REQUIRED', { level: null }, 'input.level'],
    ['no participants', 'PARTICIPANTS_REQUIRED', { participantKinds: [] }, 'input.participantKinds'],
    ['no target group', 'TARGET_GROUP_REQUIRED', { targetGroups: [] }, 'input.targetGroups'],
    [
      'convenor and joint leads',
      'JOINT_LEAD_WITH_CONVENOR',
      { jointLeadRessorts: ['BMI', 'BMAS'], convenorRessort: 'BMI' },
      'input.jointLeadRessorts',
    ],
    ['a German date', 'DATE_INVALID', { since: '11.02.2025' }, 'input.since'],
    ['month 13', 'DATE_INVALID', { validFrom: '2025-13' }, 'input.validFrom'],
    ['a text as end', 'DATE_INVALID', { validTo: 'offen' }, 'input.validTo'],
    [
      'a session without a proper date',
      'DATE_INVALID',
      { sessions: [{ date: '2025-02-11' }, { date: 'Frühjahr 2025' }] },
      'input.sessions.1.date',
    ],
    ['a year after 2100', 'YEAR_INVALID', { year: 2250 }, 'input.year'],
    [
      'a Land measure as federal',
      'RELATED_MEASURE_INVALID',
      { relatedFederalMeasures: ['measure:land:by:bayintg'] },
      'input.relatedFederalMeasures.0',
    ],
  ])('%s fails %s', async (_case, rule, overrides, field) => {
    const bmi = await editorOf('BMI');
    const before = await graphqlOk<{ exchangeFormats: { totalCount: number } }>(
      url,
      `{ exchangeFormats(filter: { includeArchived: true }) { totalCount } }`,
      undefined,
      bmi,
    );
    const result = await graphql(url, CREATE, { input: validFormat({ name: `Regeltest ${rule}`, ...overrides }) }, bmi);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', rule, field });
    const after = await graphqlOk<{ exchangeFormats: { totalCount: number } }>(
      url,
      `{ exchangeFormats(filter: { includeArchived: true }) { totalCount } }`,
      undefined,
      bmi,
    );
    expect(after.exchangeFormats.totalCount).toBe(before.exchangeFormats.totalCount);
  });

  it('accepts a cross-cutting format without explicit target groups', async () => {
    const format = await create(await editorOf('BMI'), {
      name: 'Querschnittsforum (Regeltest)',
      targetGroups: [],
      addressesAllTargetGroups: true,
    });
    expect(format.version).toBe(1);
  });

  it('refuses an externalId another format has', async () => {
    const bmi = await editorOf('BMI');
    await create(bmi, { name: 'Erste Kennung (Regeltest)', externalId: 'BMI-AF-1' });
    const result = await graphql(url, CREATE, { input: validFormat({ externalId: 'BMI-AF-1' }) }, bmi);
    expect(result.errors?.[0]?.extensions).toMatchObject({ rule: 'EXTERNAL_ID_TAKEN', field: 'input.externalId' });
  });

  it('checks updates merged with what is stored', async () => {
    const bmi = await editorOf('BMI');
    // The seeded DIK names no target group and does not address all: the first editor completes it.
    const { exchangeFormat } = await graphqlOk<{ exchangeFormat: { version: number } }>(
      url,
      `{ exchangeFormat(id: "format:dik") { version } }`,
    );
    const incomplete = await graphql(
      url,
      UPDATE,
      { id: 'format:dik', version: exchangeFormat.version, input: { shortName: 'DIK' } },
      bmi,
    );
    expect(incomplete.errors?.[0]?.extensions).toMatchObject({
      rule: 'TARGET_GROUP_REQUIRED',
      field: 'input.targetGroups',
    });
    const completed = await update(bmi, 'format:dik', exchangeFormat.version, {
      shortName: 'DIK',
      targetGroups: ['RECEIVING_SOCIETY', 'THIRD_COUNTRY_NATIONALS'],
    });
    expect(completed.version).toBe(exchangeFormat.version + 1);
  });

  it('reports every broken rule at once, and leaves enums to GraphQL', async () => {
    const bmi = await editorOf('BMI');
    const result = await graphql(
      url,
      CREATE,
      { input: validFormat({ name: '', participantKinds: [], since: '2025-1' }) },
      bmi,
    );
    const violations = result.errors?.[0]?.extensions?.['violations'] as { rule: string; field: string }[];
    expect(violations.map((v) => [v.rule, v.field])).toEqual([
      ['NAME_REQUIRED', 'input.name'],
      ['PARTICIPANTS_REQUIRED', 'input.participantKinds'],
      ['DATE_INVALID', 'input.since'],
    ]);
    const badEnum = await graphql(url, CREATE, { input: validFormat({ participantKinds: ['EVERYBODY'] }) }, bmi);
    expect(badEnum.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });
});
