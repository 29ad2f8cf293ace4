import { admin, analyst, editorOf, placeEditor, TEST_AUTH } from '../support/auth';
import { gatewayHeaders } from '../support/gateway-credential';
import { graphql, graphqlOk } from '../support/graphql';
import { markMeasureReviewed, readById } from '../support/editing';
import { VALID_REGIONAL_MEASURE_FIELDS } from '../support/fixtures';
import { testHubForThisFile } from '../support/test-hub';

const hub = testHubForThisFile({ auth: TEST_AUTH });
let url: string;
beforeAll(() => {
  url = hub.gateway.graphqlUrl;
});

// Krefeld (05114) and Mönchengladbach (05116) are kreisfreie Städte of Nordrhein-Westfalen (05).
const KREFELD = '05114';
const MOENCHENGLADBACH = '05116';
const NRW = '05';
const BAYERN = '09';

/** A Land or Kommune measure that satisfies every rule of guideline chapter V. */
function validMeasure(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Sprachpatenschaften im Quartier',
    summary: 'Ehrenamtliche begleiten Neuzugewanderte beim Deutschlernen im Alltag.',
    ...VALID_REGIONAL_MEASURE_FIELDS,
    ...overrides,
  };
}

const CREATE = /* GraphQL */ `
  mutation ($input: RegionalMeasureInput!, $dryRun: Boolean) {
    createRegionalMeasure(input: $input, dryRun: $dryRun) {
      measure {
        id
        version
        title
        level
        draft
        reviewDue
        place {
          ars
        }
        land {
          ars
        }
      }
      warnings {
        code
        similarity
        measure {
          id
          level
        }
      }
    }
  }
`;

const UPDATE = /* GraphQL */ `
  mutation ($id: ID!, $version: Int!, $input: RegionalMeasureInput!) {
    updateRegionalMeasure(id: $id, version: $version, input: $input) {
      measure {
        id
        version
        title
        level
        place {
          ars
        }
      }
    }
  }
`;

interface Measure {
  id: string;
  version: number;
  title: string;
  level: string;
  draft: boolean;
  reviewDue: boolean;
  place: { ars: string };
  land: { ars: string };
}

async function create(token: string, overrides: Record<string, unknown> = {}): Promise<Measure> {
  const data = await graphqlOk<{ createRegionalMeasure: { measure: Measure } }>(
    url,
    CREATE,
    { input: validMeasure(overrides) },
    token,
  );
  return data.createRegionalMeasure.measure;
}

const read = (id: string, token?: string) =>
  readById<{ id: string; version: number; title: string; place: { ars: string } } | null>(
    url,
    'regionalMeasure',
    id,
    'id version title level place { ars }',
    token,
  );

function codeOf(result: { errors?: { extensions?: Record<string, unknown> }[] }): unknown {
  return result.errors?.[0]?.extensions?.['code'];
}

describe('writing Land and Kommune measures', () => {
  it('creates a Kommune editor’s measure at its own place, reviewed as of now, with a CREATE history entry', async () => {
    const krefeld = await placeEditor(KREFELD);
    const measure = await create(krefeld, { title: 'Sprachcafé Krefeld (Test 1)' });
    expect(measure).toEqual({
      id: 'measure:kommune:05114:sprachcafe-krefeld-test-1',
      version: 1,
      title: 'Sprachcafé Krefeld (Test 1)',
      level: 'KOMMUNE',
      draft: false,
      reviewDue: false,
      place: { ars: KREFELD },
      land: { ars: NRW },
    });
    expect(
      await readById(url, 'regionalMeasure', measure.id, 'grundangebot history { action actor version }', krefeld),
    ).toEqual({
      grundangebot: 'COMPLEMENTARY',
      history: [{ action: 'CREATE', actor: 'test:editor:05114', version: 1 }],
    });

    // The same title again gets a free id.
    const again = await create(krefeld, { title: 'Sprachcafé Krefeld (Test 1)', summary: 'Zweiter Standort.' });
    expect(again.id).toBe('measure:kommune:05114:sprachcafe-krefeld-test-1-2');
  });

  it('lets the Land’s editor update a Kommune measure; a neighbouring Kommune and another Land are FORBIDDEN', async () => {
    const measure = await create(await placeEditor(KREFELD), { title: 'Lernpaten Krefeld (Test 2)' });
    const nrw = await placeEditor(NRW);
    const updated = await graphqlOk<{ updateRegionalMeasure: { measure: unknown } }>(
      url,
      UPDATE,
      { id: measure.id, version: 1, input: { title: 'Lernpaten Krefeld (Test 2, neu)' } },
      nrw,
    );
    expect(updated.updateRegionalMeasure.measure).toEqual({
      id: measure.id,
      version: 2,
      title: 'Lernpaten Krefeld (Test 2, neu)',
      level: 'KOMMUNE',
      place: { ars: KREFELD },
    });

    for (const outsider of [await placeEditor(MOENCHENGLADBACH), await placeEditor(BAYERN)]) {
      const refused = await graphql(url, UPDATE, { id: measure.id, version: 2, input: { title: 'fremd' } }, outsider);
      expect(codeOf(refused)).toBe('FORBIDDEN');
    }
    expect(await read(measure.id)).toMatchObject({ version: 2, title: 'Lernpaten Krefeld (Test 2, neu)' });

    const stale = await graphql(url, UPDATE, { id: measure.id, version: 1, input: { title: 'zu spät' } }, nrw);
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });

    const { history } = await readById<{ history: unknown[] }>(
      url,
      'regionalMeasure',
      measure.id,
      'history { action actor changes { field from to } }',
      nrw,
    );
    expect(history[0]).toEqual({
      action: 'UPDATE',
      actor: 'test:editor:05',
      changes: [{ field: 'title', from: 'Lernpaten Krefeld (Test 2)', to: 'Lernpaten Krefeld (Test 2, neu)' }],
    });
  });

  it('keeps a Kommune editor out of its Land’s measures and from moving its own elsewhere', async () => {
    const krefeld = await placeEditor(KREFELD);
    const kim = await read('measure:land:nw:kim');
    if (!kim) throw new Error('seed measure missing');
    const refused = await graphql(
      url,
      UPDATE,
      { id: kim.id, version: kim.version, input: { title: 'Umbenannt von Krefeld' } },
      krefeld,
    );
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(await read(kim.id)).toEqual(kim);

    const atLand = await graphql(
      url,
      CREATE,
      { input: validMeasure({ title: 'Landesweit (Test 3)', ars: NRW }) },
      krefeld,
    );
    expect(codeOf(atLand)).toBe('FORBIDDEN');

    const own = await create(krefeld, { title: 'Integrationslotsen Krefeld (Test 3)' });
    const moved = await graphql(url, UPDATE, { id: own.id, version: 1, input: { ars: MOENCHENGLADBACH } }, krefeld);
    expect(codeOf(moved)).toBe('FORBIDDEN');
    expect(await read(own.id)).toMatchObject({ version: 1, place: { ars: KREFELD } });

    // The Land's editor may move a measure within its Land; level and Land follow the place.
    const nrw = await placeEditor(NRW);
    const landMeasure = await create(nrw, { title: 'Landesprogramm Sprachpaten (Test 3)' });
    expect(landMeasure).toMatchObject({
      id: 'measure:land:05:landesprogramm-sprachpaten-test-3',
      level: 'LAND',
      place: { ars: NRW },
      land: { ars: NRW },
    });
    const kommune = await graphqlOk<{ updateRegionalMeasure: { measure: unknown } }>(
      url,
      UPDATE,
      { id: landMeasure.id, version: 1, input: { ars: MOENCHENGLADBACH } },
      nrw,
    );
    expect(kommune.updateRegionalMeasure.measure).toMatchObject({
      id: landMeasure.id,
      version: 2,
      level: 'KOMMUNE',
      place: { ars: MOENCHENGLADBACH },
    });
  });

  // Writes without a token: editing-lifecycle.test.ts.
  it('refuses callers who edit no place', async () => {
    for (const token of [await editorOf('BMAS'), await analyst()]) {
      const refused = await graphql(url, CREATE, { input: validMeasure({ ars: KREFELD }) }, token);
      expect(codeOf(refused)).toBe('FORBIDDEN');
    }
  });

  it('keeps internal fields for analysts, admins and the editors of the place and its Land', async () => {
    const owner = await placeEditor(KREFELD);
    const measure = await create(owner, {
      title: 'Elternbegleitung Krefeld (Test 4)',
      targetGroups: ['FAMILIES'],
      areas: ['SOCIETY'],
      budget: '80.000 € (2027)',
      contacts: [{ name: 'Kommunales Integrationszentrum', email: 'ki@example.org' }],
      coordinationStatus: 'NOT_SUBMITTED',
    });
    const query = `query($id: ID!) { regionalMeasure(id: $id) { budget contacts { name } coordinationStatus viewerCanEdit history { action } } }`;
    const seen = async (token?: string) =>
      (await graphqlOk<{ regionalMeasure: Record<string, unknown> }>(url, query, { id: measure.id }, token))
        .regionalMeasure;
    const hidden = { budget: null, contacts: null, coordinationStatus: null, viewerCanEdit: false, history: null };
    expect(await seen()).toEqual(hidden);
    expect(await seen(await placeEditor(MOENCHENGLADBACH))).toEqual(hidden);
    expect(await seen(await placeEditor(BAYERN))).toEqual(hidden);
    expect(await seen(await analyst())).toMatchObject({ budget: '80.000 € (2027)', viewerCanEdit: false });
    expect(await seen(owner)).toEqual({
      budget: '80.000 € (2027)',
      contacts: [{ name: 'Kommunales Integrationszentrum' }],
      coordinationStatus: 'NOT_SUBMITTED',
      viewerCanEdit: true,
      history: [{ action: 'CREATE' }],
    });
    expect(await seen(await placeEditor(NRW))).toMatchObject({ budget: '80.000 € (2027)', viewerCanEdit: true });
  });

  it('shows drafts only to the editors of the place and its Land and to analysts, through every path', async () => {
    const owner = await placeEditor(KREFELD);
    const draft = await create(owner, {
      title: 'Familiencafé Krefeld Entwurf (Test 5)',
      draft: true,
      targetGroups: ['FAMILIES'],
      areas: ['SOCIETY'],
      parentFederalMeasure: 'measure:bund:integrationskurs',
    });
    expect(draft.draft).toBe(true);
    // A published child of the draft: its parent link must not reveal the draft either.
    const child = await create(owner, { title: 'Familiencafé Krefeld Süd (Test 5)', parentRegionalMeasure: draft.id });

    const query = /* GraphQL */ `
      query ($id: ID!, $child: ID!) {
        regionalMeasure(id: $id) {
          id
        }
        child: regionalMeasure(id: $child) {
          parentRegionalMeasure {
            id
          }
        }
        regionalMeasures(filter: { ars: "05114" }, first: 200) {
          items {
            id
          }
        }
        place(ars: "05114") {
          regionalOffers(first: 200) {
            id
          }
        }
        land: place(ars: "05") {
          regionalOffers(includeKommunen: true, first: 200) {
            id
          }
        }
        targetGroup(code: FAMILIES) {
          regionalOffers(ars: "05114", first: 200) {
            id
          }
        }
        federalMeasure(id: "measure:bund:integrationskurs") {
          regionalImplementations(first: 200) {
            id
          }
        }
      }
    `;
    interface Seen {
      regionalMeasure: { id: string } | null;
      child: { parentRegionalMeasure: { id: string } | null };
      regionalMeasures: { items: { id: string }[] };
      place: { regionalOffers: { id: string }[] };
      land: { regionalOffers: { id: string }[] };
      targetGroup: { regionalOffers: { id: string }[] };
      federalMeasure: { regionalImplementations: { id: string }[] };
    }
    /** Where the draft shows up for this caller. */
    const sightings = async (token?: string) => {
      const d = await graphqlOk<Seen>(url, query, { id: draft.id, child: child.id }, token);
      const has = (list: { id: string }[]) => list.some((m) => m.id === draft.id);
      return [
        d.regionalMeasure?.id === draft.id,
        d.child.parentRegionalMeasure?.id === draft.id,
        has(d.regionalMeasures.items),
        has(d.place.regionalOffers),
        has(d.land.regionalOffers),
        has(d.targetGroup.regionalOffers),
        has(d.federalMeasure.regionalImplementations),
      ];
    };
    const nowhere = [false, false, false, false, false, false, false];
    const everywhere = [true, true, true, true, true, true, true];
    expect(await sightings()).toEqual(nowhere);
    expect(await sightings(await placeEditor(MOENCHENGLADBACH))).toEqual(nowhere);
    expect(await sightings(await placeEditor(BAYERN))).toEqual(nowhere);
    expect(await sightings(await editorOf('BMAS'))).toEqual(nowhere);
    expect(await sightings(owner)).toEqual(everywhere);
    expect(await sightings(await placeEditor(NRW))).toEqual(everywhere);
    expect(await sightings(await analyst())).toEqual(everywhere);

    // Entity references (how other subgraphs reach a measure) apply the same visibility.
    const laenderUrl = hub.subgraphs.get('laender')?.server.graphqlUrl;
    if (!laenderUrl) throw new Error('laender subgraph not running');
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on RegionalMeasure { id } } }`;
    const representations = [{ __typename: 'RegionalMeasure', id: draft.id }];
    // Sent as the gateway sends it, with its credential: the subgraph answers nobody else.
    const asGateway = await gatewayHeaders(hub, 'laender');
    const viaEntities = async (token?: string) =>
      (await graphqlOk<{ _entities: unknown[] }>(laenderUrl, entities, { r: representations }, token, asGateway))
        ._entities;
    expect(await viaEntities()).toEqual([null]);
    expect(await viaEntities(await placeEditor(MOENCHENGLADBACH))).toEqual([null]);
    expect(await viaEntities(owner)).toEqual([{ id: draft.id }]);

    // A draft one may not see cannot be written either: it does not exist for them.
    const hiddenWrite = await graphql(
      url,
      UPDATE,
      { id: draft.id, version: 1, input: { title: 'fremd' } },
      await placeEditor(MOENCHENGLADBACH),
    );
    expect(codeOf(hiddenWrite)).toBe('NOT_FOUND');
  });

  // Archiving (reason, lists, history, no changes afterwards): editing-lifecycle.test.ts.

  it('marks a measure reviewed and counts what is due per owning place', async () => {
    const krefeld = await placeEditor(KREFELD);
    const STATUS = /* GraphQL */ `
      query ($ars: [ID!]) {
        regionalReviewsDue(ars: $ars) {
          place {
            ars
            name
          }
          measureCount
          dueCount
          due(first: 200) {
            id
          }
        }
      }
    `;
    interface Status {
      regionalReviewsDue: {
        place: { ars: string; name: string };
        measureCount: number;
        dueCount: number;
        due: { id: string }[];
      }[];
    }
    const before = await graphqlOk<Status>(url, STATUS, { ars: [KREFELD] }, krefeld);
    expect(before.regionalReviewsDue).toHaveLength(1);
    const own = before.regionalReviewsDue[0];
    expect(own?.place).toEqual({ ars: KREFELD, name: 'Krefeld, Stadt' });
    expect(own?.due.map((m) => m.id)).toContain('measure:kommune:krefeld:ki');
    expect(own?.due).toHaveLength(own?.dueCount ?? -1);

    const versions = await markMeasureReviewed(url, 'RegionalMeasure', 'measure:kommune:krefeld:ki', krefeld);
    expect(versions.after).toBe(versions.before + 1);

    const after = await graphqlOk<Status>(url, STATUS, { ars: [KREFELD] }, krefeld);
    expect(after.regionalReviewsDue[0]?.dueCount).toBe((own?.dueCount ?? 0) - 1);
    expect(after.regionalReviewsDue[0]?.measureCount).toBe(own?.measureCount);
    expect(after.regionalReviewsDue[0]?.due.map((m) => m.id)).not.toContain('measure:kommune:krefeld:ki');

    const dueList = await graphqlOk<{ regionalMeasures: { items: { id: string }[] } }>(
      url,
      `{ regionalMeasures(filter: { ars: "05114" }, reviewDue: false, first: 200) { items { id } } }`,
    );
    expect(dueList.regionalMeasures.items.map((m) => m.id)).toContain('measure:kommune:krefeld:ki');

    // A Land's key covers the Land and its Kommunen; the 12-digit form is accepted.
    const land = await graphqlOk<Status>(url, STATUS, { ars: ['050000000000'] });
    const places = land.regionalReviewsDue.map((s) => s.place.ars);
    expect(places).toEqual(expect.arrayContaining([NRW, KREFELD]));
    expect(places.every((ars) => ars.startsWith(NRW))).toBe(true);

    const everywhere = await graphqlOk<Status>(url, STATUS, {});
    expect(everywhere.regionalReviewsDue.map((s) => s.place.ars)).toEqual(
      expect.arrayContaining([NRW, BAYERN, KREFELD]),
    );

    const malformed = await graphql(url, STATUS, { ars: ['5'] });
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'ars' });
  });

  it('checks the laender rules: known place, well-formed ARS, an existing parent, an owner', async () => {
    const nrw = await placeEditor(NRW);
    const unknown = await graphql(url, CREATE, { input: validMeasure({ ars: '05999', fundingMethod: null }) }, nrw);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(unknown.errors?.[0]?.extensions?.['violations']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'PLACE_UNKNOWN', field: 'input.ars' }),
        expect.objectContaining({ rule: 'FUNDING_METHOD_REQUIRED', field: 'input.fundingMethod' }),
      ]),
    );

    const malformed = await graphql(url, CREATE, { input: validMeasure({ ars: '5114' }) }, nrw);
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.ars' });
    expect(malformed.errors?.[0]?.message).toContain('is not a Regionalschlüssel');

    const longForm = await create(nrw, { title: 'Langer Schlüssel (Test 8)', ars: '051140000000' });
    expect(longForm).toMatchObject({ id: 'measure:kommune:05114:langer-schluessel-test-8', place: { ars: KREFELD } });

    const krefeld = await placeEditor(KREFELD);
    const noParent = await graphql(
      url,
      CREATE,
      {
        input: validMeasure({ title: 'Ohne Eltern (Test 8)', parentRegionalMeasure: 'measure:land:nw:gibt-es-nicht' }),
      },
      krefeld,
    );
    expect(noParent.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      rule: 'PARENT_UNKNOWN',
      field: 'input.parentRegionalMeasure',
    });

    // Another Land's draft does not exist for Krefeld, not even as a parent.
    const bavarianDraft = await create(await placeEditor(BAYERN), {
      title: 'Bayerischer Entwurf (Test 8)',
      draft: true,
    });
    const hiddenParent = await graphql(
      url,
      CREATE,
      { input: validMeasure({ title: 'Fremde Eltern (Test 8)', parentRegionalMeasure: bavarianDraft.id }) },
      krefeld,
    );
    expect(hiddenParent.errors?.[0]?.extensions).toMatchObject({ rule: 'PARENT_UNKNOWN' });

    const withParent = await graphqlOk<{
      createRegionalMeasure: { measure: { parentRegionalMeasure: { id: string } } };
    }>(
      url,
      `mutation($input: RegionalMeasureInput!) { createRegionalMeasure(input: $input) { measure { parentRegionalMeasure { id } } } }`,
      {
        input: validMeasure({
          title: 'Mit Eltern (Test 8)',
          parentRegionalMeasure: 'measure:land:nw:kommunale-integrationszentren',
        }),
      },
      krefeld,
    );
    expect(withParent.createRegionalMeasure.measure.parentRegionalMeasure).toEqual({
      id: 'measure:land:nw:kommunale-integrationszentren',
    });

    // An admin has no place of their own, so a new measure must name one.
    const noOwner = await graphql(url, CREATE, { input: validMeasure({ title: 'Ohne Ort (Test 8)' }) }, await admin());
    expect(noOwner.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      rule: 'OWNER_REQUIRED',
      field: 'input.ars',
    });
  });

  it('warns about existing similar measures of the same level before a new one is created', async () => {
    const input = validMeasure({
      title: 'Kommunales Integrationszentrum für Kinder und Jugendliche',
      summary: 'Integrationszentrum für Kinder und Jugendliche mit Zuwanderungsgeschichte in Krefeld',
      targetGroups: ['CHILDREN_AND_YOUTH'],
      areas: ['EDUCATION_AND_WORK'],
    });
    const kommune = await graphqlOk<{
      createRegionalMeasure: { measure: unknown; warnings: { code: string; measure: { id: string; level: string } }[] };
    }>(url, CREATE, { dryRun: true, input }, await placeEditor(KREFELD));
    expect(kommune.createRegionalMeasure.measure).toBeNull();
    expect(kommune.createRegionalMeasure.warnings[0]).toMatchObject({
      code: 'SIMILAR_MEASURE_EXISTS',
      measure: { id: 'measure:kommune:krefeld:ki', level: 'KOMMUNE' },
    });
    expect(kommune.createRegionalMeasure.warnings.every((w) => w.measure.level === 'KOMMUNE')).toBe(true);

    const land = await graphqlOk<{
      createRegionalMeasure: { warnings: { measure: { id: string; level: string } }[] };
    }>(url, CREATE, { dryRun: true, input }, await placeEditor(NRW));
    expect(land.createRegionalMeasure.warnings.every((w) => w.measure.level === 'LAND')).toBe(true);
  });

  describe('importRegionalMeasures', () => {
    const IMPORT = /* GraphQL */ `
      mutation ($rows: [RegionalMeasureInput!]!, $dryRun: Boolean) {
        importRegionalMeasures(rows: $rows, dryRun: $dryRun) {
          dryRun
          rows
          created
          updated
          unchanged
          errors {
            row
            rule
            field
          }
        }
      }
    `;
    interface Report {
      importRegionalMeasures: {
        dryRun: boolean;
        rows: number;
        created: number;
        updated: number;
        unchanged: number;
        errors: { row: number; rule: string; field: string | null }[];
      };
    }
    const good = [
      validMeasure({ externalId: 'nrw-import-1', title: 'Import Krefeld (Test 10)', ars: '051140000000' }),
      validMeasure({ externalId: 'nrw-import-2', title: 'Import NRW (Test 10)', partners: [' Caritas ', 'AWO'] }),
    ];

    async function count(): Promise<number> {
      const data = await graphqlOk<{ regionalMeasures: { totalCount: number } }>(
        url,
        `{ regionalMeasures(filter: { includeArchived: true }, first: 1) { totalCount } }`,
        undefined,
        await analyst(),
      );
      return data.regionalMeasures.totalCount;
    }

    it('reports every bad row with its number and field and writes nothing', async () => {
      const nrw = await placeEditor(NRW);
      const before = await count();
      const rows = [
        ...good,
        validMeasure({ externalId: 'nrw-import-3', ars: '05999', fundingMethod: null }),
        validMeasure({ externalId: 'nrw-import-4', ars: '5114' }),
        validMeasure({ externalId: 'nrw-import-5', ars: BAYERN }),
        validMeasure({ externalId: 'nrw-import-6', parentRegionalMeasure: 'measure:land:nw:gibt-es-nicht' }),
        validMeasure({ title: 'Ohne externe Kennung' }),
      ];
      const result = await graphqlOk<Report>(url, IMPORT, { rows }, nrw);
      // With errors nothing is written, so nothing is counted either.
      expect(result.importRegionalMeasures).toMatchObject({
        dryRun: false,
        rows: 7,
        created: 0,
        updated: 0,
        unchanged: 0,
      });
      expect(result.importRegionalMeasures.errors).toEqual(
        expect.arrayContaining([
          { row: 3, rule: 'FUNDING_METHOD_REQUIRED', field: 'fundingMethod' },
          { row: 3, rule: 'PLACE_UNKNOWN', field: 'ars' },
          { row: 4, rule: 'BAD_USER_INPUT', field: 'ars' },
          { row: 5, rule: 'FORBIDDEN', field: null },
          { row: 6, rule: 'PARENT_UNKNOWN', field: 'parentRegionalMeasure' },
          { row: 7, rule: 'EXTERNAL_ID_REQUIRED', field: 'externalId' },
        ]),
      );
      expect(result.importRegionalMeasures.errors).toHaveLength(6);
      expect(await count()).toBe(before);
    });

    it('previews with dryRun, then creates, and a second run changes nothing', async () => {
      const nrw = await placeEditor(NRW);
      const before = await count();
      const preview = await graphqlOk<Report>(url, IMPORT, { rows: good, dryRun: true }, nrw);
      expect(preview.importRegionalMeasures).toEqual({
        dryRun: true,
        rows: 2,
        created: 2,
        updated: 0,
        unchanged: 0,
        errors: [],
      });
      expect(await count()).toBe(before);

      const first = await graphqlOk<Report>(url, IMPORT, { rows: good }, nrw);
      expect(first.importRegionalMeasures).toMatchObject({ created: 2, updated: 0, unchanged: 0, errors: [] });
      expect(await count()).toBe(before + 2);

      const imported = await graphqlOk<{
        regionalMeasures: {
          items: { id: string; externalId: string; level: string; partners: string[]; history: { action: string }[] }[];
        };
      }>(
        url,
        `{ regionalMeasures(filter: { ars: "05114" }, first: 200) { items { id externalId level partners history { action } } } }`,
        undefined,
        nrw,
      );
      const byExternalId = new Map(imported.regionalMeasures.items.map((m) => [m.externalId, m]));
      expect(byExternalId.get('nrw-import-1')).toEqual({
        id: 'measure:kommune:05114:import-krefeld-test-10',
        externalId: 'nrw-import-1',
        level: 'KOMMUNE',
        partners: [],
        history: [{ action: 'IMPORT' }],
      });
      expect(byExternalId.get('nrw-import-2')).toMatchObject({
        id: 'measure:land:05:import-nrw-test-10',
        level: 'LAND',
        partners: ['Caritas', 'AWO'],
      });

      const second = await graphqlOk<Report>(url, IMPORT, { rows: good }, nrw);
      expect(second.importRegionalMeasures).toEqual({
        dryRun: false,
        rows: 2,
        created: 0,
        updated: 0,
        unchanged: 2,
        errors: [],
      });
      expect(await count()).toBe(before + 2);

      const changed = [good[0], { ...good[1], title: 'Import NRW (Test 10, geändert)' }];
      const third = await graphqlOk<Report>(url, IMPORT, { rows: changed }, nrw);
      expect(third.importRegionalMeasures).toMatchObject({ created: 0, updated: 1, unchanged: 1 });

      // A Kommune editor may not import over its Land's rows.
      const krefeld = await graphqlOk<Report>(url, IMPORT, { rows: changed }, await placeEditor(KREFELD));
      expect(krefeld.importRegionalMeasures.errors).toEqual([{ row: 2, rule: 'FORBIDDEN', field: null }]);
    });
  });
});
