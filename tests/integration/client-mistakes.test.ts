import { getGraphQL, postJson, type RawResponse } from '../support/http';
import { testHubForThisFile } from '../support/test-hub';

const hub = testHubForThisFile();
let url: string;
beforeAll(() => {
  url = hub.gateway.graphqlUrl;
});

type Errors = { message: string; extensions?: Record<string, unknown> }[];

/** A client's mistake: 4xx, a GraphQL-style body with a public code, nothing internal in it. */
function expectRefusal(response: RawResponse, status: number, code?: string): void {
  expect({ status: response.status, text: response.text }).toEqual({ status, text: expect.any(String) });
  const errors = response.json<{ errors?: Errors }>().errors ?? [];
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(error.extensions?.['code']).not.toBe('INTERNAL_SERVER_ERROR');
    if (code) expect(error.extensions?.['code']).toBe(code);
  }
  expect(response.text).not.toMatch(/stacktrace|exception|\.ts:\d+|node_modules|127\.0\.0\.1/);
}

/** A raw POST with any content type and body text. */
async function post(body: string, contentType: string): Promise<RawResponse> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    text,
    json: <T>() => JSON.parse(text) as T,
  };
}

describe('client mistakes are answered 4xx, not as server errors', () => {
  it('an unknown operationName', async () => {
    const response = await postJson(url, { query: 'query A { __typename }', operationName: 'B' });
    expectRefusal(response, 400, 'BAD_REQUEST');
  });

  it('several operations without an operationName', async () => {
    const response = await postJson(url, { query: 'query A { __typename } query B { __typename }' });
    expectRefusal(response, 400, 'BAD_REQUEST');
  });

  it('two unnamed operations', async () => {
    const response = await postJson(url, { query: '{ __typename } { __typename }' });
    expectRefusal(response, 400);
  });

  it('a subscription', async () => {
    const response = await postJson(url, { query: 'subscription { __typename }' });
    expectRefusal(response, 400);
  });

  it('a NUL character in a string argument', async () => {
    const response = await postJson(url, { query: '{ place(ars: "09\\u0000") { name } }' });
    expectRefusal(response, 400, 'BAD_USER_INPUT');
  });

  it('a NUL character in a variable', async () => {
    const response = await postJson(url, {
      query: 'query Search($text: String!) { search(text: $text) { totalCount } }',
      variables: { text: 'Sprache\u0000kurs' },
    });
    expectRefusal(response, 400, 'BAD_USER_INPUT');
  });

  it('variables nested thousands of levels deep', async () => {
    // Written out by hand: JSON.stringify itself overflows the stack on this.
    const deep = `${'{"next":'.repeat(5000)}"leaf"${'}'.repeat(5000)}`;
    const query = JSON.stringify('query Search($text: String!) { search(text: $text) { totalCount } }');
    const body = `{"query":${query},"variables":{"text":"Sprachkurs","extra":${deep}}}`;
    const response = await post(body, 'application/json');
    expectRefusal(response, 400, 'BAD_USER_INPUT');
  });

  it('a variable of the wrong type', async () => {
    const response = await postJson(url, {
      query: 'query Page($first: Int) { federalMeasures(first: $first) { totalCount } }',
      variables: { first: 'many' },
    });
    expectRefusal(response, 400);
  });

  it('malformed JSON', async () => {
    expectRefusal(await post('{"query": "{ __typename }"', 'application/json'), 400, 'BAD_REQUEST');
  });

  it('an empty JSON body', async () => {
    expectRefusal(await post('', 'application/json'), 400, 'BAD_REQUEST');
  });

  it('a content type the gateway does not read', async () => {
    expectRefusal(await post('<query/>', 'application/xml'), 415, 'BAD_REQUEST');
  });

  it('plain text (refused as a possible cross-site request)', async () => {
    expectRefusal(await post('{ __typename }', 'text/plain'), 400);
  });

  it('no query at all', async () => {
    expectRefusal(await postJson(url, { variables: {} }), 400);
  });

  it('a query that is not GraphQL', async () => {
    expectRefusal(await postJson(url, { query: '{ place(' }), 400, 'GRAPHQL_PARSE_FAILED');
  });

  it('variables that are not an object', async () => {
    expectRefusal(await postJson(url, { query: '{ __typename }', variables: [1, 2] }), 400);
  });

  it('a batch of operations', async () => {
    expectRefusal(await postJson(url, [{ query: '{ __typename }' }, { query: '{ __typename }' }]), 400);
  });

  it('a mutation sent with GET', async () => {
    // The preflight header passes Apollo's CSRF check, which refuses a plain GET with 400 first.
    const response = await getGraphQL(
      url,
      { query: 'mutation { refreshAnalytics { __typename } }' },
      { 'apollo-require-preflight': 'true' },
    );
    expectRefusal(response, 405);
  });
});
