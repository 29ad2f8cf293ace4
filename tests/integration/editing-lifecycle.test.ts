import { admin, analyst, editorOf, placeEditor, TEST_AUTH, tokenFor } from '../support/auth';
import { editableType, queryOf } from '../support/editing';
import { graphql, graphqlOk, type GraphQLResponse } from '../support/graphql';
import { VALID_FEDERAL_MEASURE_FIELDS, VALID_REGIONAL_MEASURE_FIELDS } from '../support/fixtures';
import { testHubForThisFile } from '../support/test-hub';

/**
 * The editorial lifecycle every editable object shares (subgraphs/shared/editing/editorial-lifecycle.ts),
 * run against each subgraph through the gateway. What only one subgraph does (its owners, rules,
 * links, imports) stays in its own `<subgraph>-writes.test.ts`.
 */

const hub = testHubForThisFile({ auth: TEST_AUTH });
let url: string;
beforeAll(() => {
  url = hub.gateway.graphqlUrl;
});

interface Subject {
  name: string;
  /** The object type's GraphQL name: its input, mutations and query are named after it (`createX`, `x`). */
  type: string;
  /** The payload field holding the object. */
  payload: string;
  /** The field an update changes in these tests. */
  titleField: string;
  /** What the archived-update message calls the object. */
  noun: string;
  /** What REASON_REQUIRED and "archived already" call the object. */
  what: string;
  /** An editor who may write what `valid` creates. */
  editor(): Promise<string>;
  /** An input that satisfies every rule; the owner comes from the editor's token. */
  valid(title: string): Record<string, unknown>;
  /** Who archives in the archive case, when not `editor` (a Land editor archives a Kommune's measure). */
  archivist?(): Promise<string>;
  /**
   * Where an archived object leaves or stays: `listed` (the list query), `all` (the same with
   * `includeArchived`) and `owner` (its owner's list of it, as `{ list }`), each with `id`s.
   */
  lists: string;
  drafts: {
    /** What the draft's input adds (e.g. the target group a read path filters by). */
    input: Record<string, unknown>;
    /** Every read path that could show the draft, each a top-level field; `$id` is the draft's id. */
    paths: string;
    /** An editor of another owner, who must not see it. */
    outsider(): Promise<string>;
    /** Who sees it besides analysts, admins and `editor` (e.g. the editors a format's id is given to). */
    insiders?(id: string): Promise<string>[];
  };
}

const SUBJECTS: Subject[] = [
  {
    name: 'federal measures',
    type: 'FederalMeasure',
    payload: 'measure',
    titleField: 'title',
    noun: 'measure',
    what: 'federal measure',
    editor: () => editorOf('BMAS'),
    lists: `listed: federalMeasures(first: 200) { items { id } }
      all: federalMeasures(first: 200, filter: { includeArchived: true }) { items { id } }
      owner: ressort(code: "BMAS") { list: measures(first: 200) { id } }`,
    drafts: {
      input: { grundangebot: 'UNIVERSITY_ENTRY' },
      paths: `byId: federalMeasure(id: $id) { id }
        list: federalMeasures(first: 200) { items { id } }
        owner: ressort(code: "BMAS") { measures(first: 200) { id } }`,
      outsider: () => editorOf('BMI'),
    },
    valid: (title) => ({ title, summary: 'Lebenszyklus im Test.', ...VALID_FEDERAL_MEASURE_FIELDS }),
  },
  {
    name: 'regional measures',
    type: 'RegionalMeasure',
    payload: 'measure',
    titleField: 'title',
    noun: 'measure',
    what: 'regional measure',
    editor: () => placeEditor('05114'),
    archivist: () => placeEditor('05'),
    lists: `listed: regionalMeasures(filter: { ars: "05114" }, first: 200) { items { id } }
      all: regionalMeasures(filter: { ars: "05114", includeArchived: true }, first: 200) { items { id } }
      owner: place(ars: "05114") { list: regionalOffers(first: 200) { id } }`,
    drafts: {
      input: {},
      paths: `byId: regionalMeasure(id: $id) { id }
        list: regionalMeasures(filter: { ars: "05114" }, first: 200) { items { id } }`,
      outsider: () => placeEditor('05116'),
    },
    valid: (title) => ({ title, summary: 'Lebenszyklus im Test.', ...VALID_REGIONAL_MEASURE_FIELDS }),
  },
  {
    name: 'research outputs',
    type: 'ResearchOutput',
    payload: 'output',
    titleField: 'title',
    noun: 'research output',
    what: 'research output',
    editor: () => tokenFor({ roles: ['editor'], institute: 'IAB', name: 'Redaktion IAB' }),
    lists: `listed: researchOutputs(first: 200) { items { id } }
      all: researchOutputs(first: 200, filter: { includeArchived: true }) { items { id } }
      owner: institute(code: "IAB") { list: outputs(first: 200) { id } }`,
    drafts: {
      input: {
        targetGroups: ['RESEARCHERS'],
        measureLinks: [
          {
            measureId: 'measure:bund:integrationskurs',
            subgraph: 'FEDERAL',
            kind: 'CONTEXT',
            reason: 'Befragt Kursteilnehmende',
          },
        ],
      },
      paths: `byId: researchOutput(id: $id) { id }
        list: researchOutputs(first: 200) { items { id } }
        targetGroup: targetGroup(code: RESEARCHERS) { researchOutputs(first: 200) { id } }
        institute: institute(code: "IAB") { outputs(first: 200) { id } }
        measure: federalMeasure(id: "measure:bund:integrationskurs") { research(first: 200) { id } }`,
      outsider: () => tokenFor({ roles: ['editor'], institute: 'DEZIM', name: 'Redaktion DEZIM' }),
    },
    valid: (title) => ({
      title,
      type: 'BRIEF_REPORT',
      year: 2025,
      publishers: ['Institut für Arbeitsmarkt- und Berufsforschung (IAB)'],
      areas: ['EDUCATION_AND_WORK'],
      targetGroups: ['PROTECTION_HOLDERS'],
    }),
  },
  {
    name: 'exchange formats',
    type: 'ExchangeFormat',
    payload: 'format',
    titleField: 'name',
    noun: 'exchange format',
    what: 'exchange format',
    editor: () => editorOf('BMI'),
    lists: `listed: exchangeFormats(first: 200) { items { id } }
      all: exchangeFormats(first: 200, filter: { includeArchived: true }) { items { id } }
      owner: ressort(code: "BMI") { list: exchangeFormats(first: 200) { id } }`,
    drafts: {
      input: { targetGroups: ['WOMEN_AND_GIRLS'] },
      paths: `byId: exchangeFormat(id: $id) { id }
        list: exchangeFormats(first: 200) { items { id } }
        targetGroup: targetGroup(code: WOMEN_AND_GIRLS) { exchangeFormats(first: 200) { id } }
        ressort: ressort(code: "BMI") { exchangeFormats(first: 200) { id } }`,
      outsider: () => editorOf('BMAS'),
      insiders: (id) => [tokenFor({ roles: ['editor'], formats: [id] })],
    },
    valid: (name) => ({
      name,
      type: 'STAKEHOLDER_EXCHANGE',
      level: 'BUND',
      participantKinds: ['BUND', 'KOMMUNEN'],
      since: '2025-02',
      guidelineReference: 'Leitfaden 2020, Kap. VI',
      targetGroups: ['PROTECTION_HOLDERS'],
    }),
  },
];

interface Written {
  id: string;
  version: number;
  reviewDue: boolean;
  viewerCanEdit: boolean;
}

interface History {
  version: number;
  title?: string;
  name?: string;
  archiveReason: string | null;
  history: {
    version: number;
    action: string;
    note: string | null;
    changes: { field: string; from: unknown; to: unknown }[];
  }[];
}

const codeOf = (r: GraphQLResponse<unknown>) => r.errors?.[0]?.extensions?.['code'];

describe.each(SUBJECTS)('the editorial lifecycle of $name', (s) => {
  const fields = `id version reviewDue viewerCanEdit`;
  const writes = editableType<Written>(s.type, s.payload, fields);
  const { CREATE, UPDATE } = writes;
  const names = {
    create: `create${s.type}`,
    archive: `archive${s.type}`,
    markReviewed: `mark${s.type}Reviewed`,
    query: queryOf(s.type),
  };
  const ARCHIVE = `mutation($id: ID!, $version: Int!, $reason: String!) {
    ${names.archive}(id: $id, version: $version, reason: $reason) { ${s.payload} { ${fields} } } }`;
  const REVIEW = `mutation($id: ID!, $version: Int!, $note: String) {
    ${names.markReviewed}(id: $id, version: $version, note: $note) { ${s.payload} { ${fields} } } }`;
  const READ = `query($id: ID!) { ${names.query}(id: $id) {
    version ${s.titleField} archiveReason history { version action note changes { field from to } } } }`;

  const create = (token: string, title: string) => writes.create(url, token, s.valid(title));

  async function read(id: string, token: string): Promise<History> {
    const data = await graphqlOk<Record<string, History>>(url, READ, { id }, token);
    return data[names.query] as History;
  }

  it('creates at version 1, reviewed as of now, editable by its editor, with a CREATE history entry', async () => {
    const token = await s.editor();
    const written = await create(token, `Lebenszyklus ${s.name} 1`);
    expect(written).toMatchObject({ version: 1, reviewDue: false, viewerCanEdit: true });
    const { history } = await read(written.id, token);
    expect(history.map((h) => [h.version, h.action])).toEqual([[1, 'CREATE']]);
  });

  it('updates the version read, records the changed field, and refuses the stale version with CONFLICT', async () => {
    const token = await s.editor();
    const written = await create(token, `Lebenszyklus ${s.name} 2`);
    const input = { [s.titleField]: `Lebenszyklus ${s.name} 2 (neu)` };
    const zuSpaet = { [s.titleField]: 'zu spät' };
    const updated = await writes.update(url, token, written.id, 1, input);
    expect(updated.version).toBe(2);
    const stale = await graphql(url, UPDATE, { id: written.id, version: 1, input: zuSpaet }, token);
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const stored = await read(written.id, token);
    expect(stored[s.titleField as 'title' | 'name']).toBe(`Lebenszyklus ${s.name} 2 (neu)`);
    expect(stored.history[0]).toEqual({
      version: 2,
      action: 'UPDATE',
      note: null,
      changes: [{ field: s.titleField, from: `Lebenszyklus ${s.name} 2`, to: `Lebenszyklus ${s.name} 2 (neu)` }],
    });
  });

  it('refuses every write without a token', async () => {
    const token = await s.editor();
    const written = await create(token, `Lebenszyklus ${s.name} 3`);
    const writes: [string, Record<string, unknown>][] = [
      [CREATE, { input: s.valid('Ohne Token') }],
      [UPDATE, { id: written.id, version: 1, input: {} }],
      [ARCHIVE, { id: written.id, version: 1, reason: 'Ohne Token' }],
      [REVIEW, { id: written.id, version: 1 }],
    ];
    for (const [mutation, variables] of writes) {
      expect(codeOf(await graphql(url, mutation, variables))).toBe('UNAUTHENTICATED');
    }
    expect((await read(written.id, token)).version).toBe(1);
  });

  it('archives with a reason only, once: gone from lists unless includeArchived, kept by id with its history, changed no more', async () => {
    const token = await s.editor();
    const written = await create(token, `Lebenszyklus ${s.name} 4`);
    const archivist = s.archivist ? await s.archivist() : token;
    const noReason = await graphql(url, ARCHIVE, { id: written.id, version: 1, reason: '  ' }, archivist);
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', rule: 'REASON_REQUIRED' });
    expect(noReason.errors?.[0]?.extensions?.['violations']).toEqual([
      { rule: 'REASON_REQUIRED', field: 'reason', message: `Say why the ${s.what} is archived` },
    ]);
    const archived = await graphqlOk<Record<string, Record<string, Written & { archivedAt: string | null }>>>(
      url,
      ARCHIVE.replace(`${s.payload} { ${fields} }`, `${s.payload} { ${fields} archivedAt }`),
      { id: written.id, version: 1, reason: ' Zusammengelegt ' },
      archivist,
    );
    expect(archived[names.archive]?.[s.payload]).toMatchObject({ version: 2, archivedAt: expect.any(String) });
    const again = await graphql(url, ARCHIVE, { id: written.id, version: 2, reason: 'Noch einmal' }, archivist);
    expect(again.errors?.[0]?.extensions?.['violations']).toEqual([
      { rule: 'ARCHIVED', field: 'id', message: `The ${s.what} is archived already` },
    ]);
    const update = await graphql(url, UPDATE, { id: written.id, version: 2, input: {} }, archivist);
    expect(update.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', rule: 'ARCHIVED' });
    expect(update.errors?.[0]?.extensions?.['violations']).toEqual([
      { rule: 'ARCHIVED', field: 'id', message: `An archived ${s.noun} cannot be changed` },
    ]);
    const stored = await read(written.id, archivist);
    expect(stored.archiveReason).toBe('Zusammengelegt');
    expect(stored.history.map((h) => ({ action: h.action, note: h.note }))).toEqual([
      { action: 'ARCHIVE', note: 'Zusammengelegt' },
      { action: 'CREATE', note: null },
    ]);
    const lists = await graphqlOk<{
      listed: { items: { id: string }[] };
      all: { items: { id: string }[] };
      owner: { list: { id: string }[] };
    }>(url, `{ ${s.lists} }`, undefined, archivist);
    expect(lists.listed.items.map((o) => o.id)).not.toContain(written.id);
    expect(lists.owner.list.map((o) => o.id)).not.toContain(written.id);
    expect(lists.all.items.map((o) => o.id)).toContain(written.id);
  });

  it('marks reviewed as a new version with a REVIEW history entry and its note', async () => {
    const token = await s.editor();
    const written = await create(token, `Lebenszyklus ${s.name} 5`);
    const reviewed = await graphqlOk<Record<string, Record<string, Written>>>(
      url,
      REVIEW.replace(`${s.payload} { ${fields} }`, `${s.payload} { ${fields} reviewDueOn }`),
      { id: written.id, version: 1, note: ' Halbjährliche Prüfung ' },
      token,
    );
    const after = reviewed[names.markReviewed]?.[s.payload] as Written & { reviewDueOn: string };
    expect(after).toMatchObject({ version: 2, reviewDue: false });
    // The next review is due six months on.
    expect(new Date(after.reviewDueOn).getTime()).toBeGreaterThan(Date.now() + 150 * 86_400_000);
    const stale = await graphql(url, REVIEW, { id: written.id, version: 1 }, token);
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const { history } = await read(written.id, token);
    expect(history[0]).toMatchObject({ version: 2, action: 'REVIEW', note: 'Halbjährliche Prüfung' });
  });

  it('shows drafts only to analysts, admins and the owner’s editors, in every read path, and hides them from writes', async () => {
    const token = await s.editor();
    const draft = await graphqlOk<Record<string, Record<string, Written & { draft: boolean }>>>(
      url,
      CREATE.replace(`${s.payload} { ${fields} }`, `${s.payload} { ${fields} draft }`),
      { input: { ...s.valid(`Lebenszyklus ${s.name} Entwurf`), ...s.drafts.input, draft: true } },
      token,
    );
    const { id, draft: isDraft } = draft[names.create]?.[s.payload] as Written & { draft: boolean };
    expect(isDraft).toBe(true);
    // Each path: does the draft's id appear anywhere in its answer?
    const seen = async (caller?: string) => {
      const data = await graphqlOk<Record<string, unknown>>(
        url,
        `query($id: ID!) { ${s.drafts.paths} }`,
        { id },
        caller,
      );
      return Object.fromEntries(
        Object.entries(data).map(([path, value]) => [path, JSON.stringify(value).includes(`"${id}"`)]),
      );
    };
    const paths = Object.keys(await seen(token));
    const none = Object.fromEntries(paths.map((p) => [p, false]));
    const all = Object.fromEntries(paths.map((p) => [p, true]));
    expect(await seen(token)).toEqual(all);
    expect(await seen()).toEqual(none);
    expect(await seen(await s.drafts.outsider())).toEqual(none);
    for (const insider of [analyst(), admin(), ...(s.drafts.insiders?.(id) ?? [])]) {
      expect(await seen(await insider)).toEqual(all);
    }
    // A draft the caller may not see does not exist for their writes either.
    const hidden = await graphql(url, UPDATE, { id, version: 1, input: {} }, await s.drafts.outsider());
    expect(codeOf(hidden)).toBe('NOT_FOUND');
  });

  it('answers NOT_FOUND for an id that does not exist', async () => {
    const token = await s.editor();
    const missing = await graphql(url, UPDATE, { id: 'no-such-object', version: 1, input: {} }, token);
    expect(codeOf(missing)).toBe('NOT_FOUND');
  });
});
