import { postJson, type RawResponse } from '../support/http';
import { editorOf, TEST_AUTH, tokenFor } from '../support/auth';
import { WITHOUT_RESPONSE_CACHE, testHubForThisFile } from '../support/test-hub';
import { DEFAULT_PUBLIC_LIMITS } from '../../gateway/limits/limit-sets';
import { DEFAULT_PUBLIC_MAX_REQUEST_BYTES } from '../../gateway/limits/body-limit';
import { savedOperation } from '../../web/operations';

const hub = testHubForThisFile({ auth: TEST_AUTH, gateway: WITHOUT_RESPONSE_CACHE });
let url: string;
beforeAll(() => {
  url = hub.gateway.graphqlUrl;
});

type Errors = { message: string; extensions?: Record<string, unknown> }[];

function errorsOf(response: RawResponse): Errors {
  return response.json<{ errors?: Errors }>().errors ?? [];
}

/** `levels` times `targetGroups { federalOffers { … } }`, the abuse of issue 10. */
function nestedTargetGroups(levels: number): string {
  let inner = 'id';
  for (let i = 0; i < levels; i += 1) inner = `targetGroups { code federalOffers { ${inner} } }`;
  return `{ ${inner} }`;
}

/** `place { kreise { land { kreise … } } }` with `levels` kreise. */
function nestedKreise(levels: number): string {
  let inner = 'name';
  for (let i = 0; i < levels; i += 1) inner = `kreise { name land { ${inner} } }`;
  return `{ place(ars: "09") { ${inner} } }`;
}

const repeat = (count: number, make: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => make(i)).join(' ');

const ABUSE: [string, string, string][] = [
  ['depth', 'place { kreise { land { kreise … } } } four levels', nestedKreise(4)],
  [
    'aliases',
    `${DEFAULT_PUBLIC_LIMITS.aliases + 1} aliases`,
    `{ ${repeat(DEFAULT_PUBLIC_LIMITS.aliases + 1, (i) => `a${i}: ressorts { code }`)} }`,
  ],
  ['tokens', '3 000 aliases', `{ ${repeat(3000, (i) => `a${i}: __typename`)} }`],
  [
    'directives',
    'many @include',
    `{ ressorts { ${repeat(DEFAULT_PUBLIC_LIMITS.directives + 1, () => '... @include(if: true) { code }')} } }`,
  ],
  ['cost', 'targetGroups { federalOffers { targetGroups … } } three levels', nestedTargetGroups(3)],
  ['cost', 'targetGroups { federalOffers { targetGroups … } } two levels', nestedTargetGroups(2)],
];

describe('operation limits at the gateway', () => {
  it.each(ABUSE)('refuse by %s: %s, with HTTP 400 before any subgraph is asked', async (limit, _what, query) => {
    hub.resetSqlCount();
    const response = await postJson(url, { query });
    expect(response.status).toBe(400);
    const [error, ...more] = errorsOf(response);
    expect(more).toEqual([]);
    expect(error?.extensions).toEqual({
      code: 'OPERATION_LIMIT_EXCEEDED',
      limit,
      value: expect.any(Number),
      maximum: DEFAULT_PUBLIC_LIMITS[limit as keyof typeof DEFAULT_PUBLIC_LIMITS],
    });
    expect(error?.extensions?.['value']).toBeGreaterThan(error?.extensions?.['maximum'] as number);
    expect(error?.message).toMatch(/at most/);
    expect(hub.sqlCount()).toBe(0);
  });

  it('still answer a saved operation of the explorer', async () => {
    const saved = savedOperation('OffersWomenNuremberg');
    if (!saved) throw new Error('saved operation missing');
    const response = await postJson(url, { query: saved.query, variables: saved.variables, operationName: saved.name });
    expect(response.status).toBe(200);
    expect(errorsOf(response)).toEqual([]);
  });

  it('give an internal caller its higher limits, and only it', async () => {
    const relations =
      'evaluations(first: 200) { id title } research(first: 200) { id title } regionalImplementations(first: 200) { id title }';
    const query = `{ federalMeasures(first: 200) { totalCount items { id ${relations} } } }`;
    const refused = await postJson(url, { query }, { authorization: `Bearer ${await editorOf('BMAS')}` });
    expect(refused.status).toBe(400);
    expect(errorsOf(refused)[0]?.extensions?.['limit']).toBe('cost');
    const internal = await tokenFor({ roles: ['internal'] });
    const answered = await postJson(url, { query }, { authorization: `Bearer ${internal}` });
    expect(answered.status).toBe(200);
    expect(errorsOf(answered)).toEqual([]);
  });
});

describe('the analytics refresh', () => {
  it('reads the whole catalogue through the gateway with its internal token', async () => {
    const response = await postJson(url, { query: '{ analyticsStatus { syncedAt lastError } }' });
    expect(response.json()).toEqual({ data: { analyticsStatus: { syncedAt: expect.any(String), lastError: null } } });
  });
});

describe('the body limit', () => {
  const big = (bytes: number) => `{ __typename } # ${'x'.repeat(bytes)}`;

  it('refuses a large body of an anonymous caller with 413 naming the limit', async () => {
    const response = await postJson(url, { query: big(DEFAULT_PUBLIC_MAX_REQUEST_BYTES) });
    expect(response.status).toBe(413);
    expect(errorsOf(response)[0]?.extensions).toEqual({
      code: 'OPERATION_LIMIT_EXCEEDED',
      limit: 'body',
      value: expect.any(Number),
      maximum: DEFAULT_PUBLIC_MAX_REQUEST_BYTES,
    });
  });

  it('lets an authenticated caller (a bulk import) send more', async () => {
    const token = await editorOf('BMAS');
    const response = await postJson(
      url,
      { query: big(DEFAULT_PUBLIC_MAX_REQUEST_BYTES) },
      { authorization: `Bearer ${token}` },
    );
    expect(response.status).toBe(200);
    expect(errorsOf(response)).toEqual([]);
  });
});

describe('x-request-id', () => {
  const ask = (id: string) => postJson(url, { query: '{ __typename }' }, { 'x-request-id': id });

  it('is taken and echoed when well-formed', async () => {
    const response = await ask('client-42:retry.1');
    expect(response.headers['x-request-id']).toBe('client-42:retry.1');
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['with spaces', 'not an id'],
    ['with other characters', 'id<script>'],
  ])('is replaced by a fresh one when %s', async (_what, id) => {
    const response = await ask(id);
    expect(response.headers['x-request-id']).toMatch(/^gateway-[0-9a-f-]{36}$/);
  });
});
