import { Client } from 'pg';
import { graphql, type GraphQLErrorShape } from '../support/graphql';
import { testHubForThisFile } from '../support/test-hub';

const hub = testHubForThisFile();
let url: string;
beforeAll(() => {
  url = hub.gateway.graphqlUrl;
});

/** No error may carry a stack trace, SQL or an internal address. */
function expectClean(errors: GraphQLErrorShape[] | undefined): void {
  const text = JSON.stringify(errors);
  expect(text).not.toMatch(/stacktrace|exception|SELECT|relation |127\.0\.0\.1|localhost|\.ts:\d+/);
}

describe('bad input gets BAD_USER_INPUT naming the argument', () => {
  it.each([
    ['an unknown ARS', '{ place(ars: "99999") { name } }', 'ars', /No Land or Kreis has the Regionalschlüssel "99999"/],
    ['a malformed ARS', '{ place(ars: "9x") { name } }', 'ars', /is not a Regionalschlüssel/],
    ['a Gemeinde key', '{ place(ars: "095640000123") { name } }', 'ars', /use the Kreis key "09564"/],
    [
      'an unknown ARS on a target group',
      '{ targetGroup(code: FAMILIES) { regionalOffers(ars: "09999") { id } } }',
      'ars',
      /"09999"/,
    ],
    [
      'a malformed filter ARS',
      '{ regionalMeasures(filter: { ars: "abc" }) { totalCount } }',
      'filter.ars',
      /not a Regionalschlüssel/,
    ],
    ['a page size above the cap', '{ federalMeasures(first: 201) { totalCount } }', 'first', /between 1 and 200/],
    ['a page size of zero', '{ regionalMeasures(first: 0) { totalCount } }', 'first', /between 1 and 200/],
    [
      'a negative offset',
      '{ targetGroup(code: FAMILIES) { federalOffers(offset: -5) { id } } }',
      'offset',
      /0 or more/,
    ],
    ['a Kreis where a Land is asked', '{ places(land: "09564") { totalCount } }', 'land', /is a Kreis, not a Land/],
  ])('%s', async (_name, query, argumentName, message) => {
    const result = await graphql(url, query);
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors ?? [];
    expect(error?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(error?.extensions?.['argumentName']).toBe(argumentName);
    expect(error?.message).toMatch(message);
    expectClean(result.errors);
  });

  it('refuses an unknown enum value before any subgraph is asked', async () => {
    const result = await graphql(url, '{ targetGroup(code: NOBODY) { code } }');
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    expectClean(result.errors);
  });

  it('answers the fields that are fine next to the one that is not', async () => {
    const result = await graphql<{ ok: { name: string } | null; bad: unknown }>(
      url,
      '{ ok: place(ars: "09") { name } bad: place(ars: "1") { name } }',
    );
    expect(result.data?.ok).toEqual({ name: 'Bayern' });
    expect(result.data?.bad).toBeNull();
    expect(result.errors?.map((e) => e.path)).toEqual([['bad']]);
  });
});

describe('internal failures', () => {
  it('are masked: a generic message and code, nothing from the database', async () => {
    // As the superuser: the subgraph's own role may not alter its tables (db-roles.ts).
    const db = new Client({ connectionString: hub.databaseUrl });
    await db.connect();
    await db.query('ALTER TABLE exchange.format RENAME TO format_hidden');
    try {
      const result = await graphql(url, '{ exchangeFormats { totalCount } }');
      expect(result.errors?.[0]?.message).toBe('Internal server error');
      expect(result.errors?.[0]?.extensions?.['code']).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(result.errors)).not.toContain('format_hidden');
      expectClean(result.errors);
    } finally {
      await db.query('ALTER TABLE exchange.format_hidden RENAME TO format');
      await db.end();
    }
  });
});
