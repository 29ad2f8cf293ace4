import { readFileSync } from 'node:fs';
import { getIntrospectionQuery, getOperationAST, parse, type GraphQLSchema } from 'graphql';
import { ExecutionBudgetExceeded, executionBudgetFromEnv, withinBudget } from '../../gateway/execution-budget';
import { operationLimitsFromEnv, exceededLimit, type LimitSet } from '../../gateway/limits/limit-sets';
import { countTokens, measureDocument, operationCost } from '../../gateway/limits/measure';
import { SUPERGRAPH_PATH } from '../../schema/registry';
import { apiSchema } from '../../schema/public-schema';
import { CATALOGUE_QUERIES } from '../../subgraphs/analytics/catalogue-queries';
import { connectionLimitsFromEnv, requestIdOf } from '../../subgraphs/shared/platform/http-server';
import { MAX_PAGE_SIZE } from '../../subgraphs/shared/platform/page-size';
import { DASHBOARD_QUERY, HEADLINE_QUERY, SAVED_OPERATIONS, WIDE_HEADLINE_QUERY } from '../../web/operations';

const schema: GraphQLSchema = apiSchema(readFileSync(SUPERGRAPH_PATH, 'utf8'));
const config = operationLimitsFromEnv({});

/** What the gateway's limits plugin measures, and the first limit the operation goes over. */
function verdict(query: string, limits: LimitSet, variables: Record<string, unknown> = {}, operationName?: string) {
  const document = parse(query);
  const measures = measureDocument(schema, document, query);
  const operation = getOperationAST(document, operationName);
  const cost =
    operationCost(schema, document, { operationName: operation?.name?.value, variables, listCost: config.listCost }) ??
    Number.POSITIVE_INFINITY;
  return { values: { ...measures, cost }, exceeded: exceededLimit(limits, { ...measures, cost }) };
}

const HEADLINE_VARIABLES = { code: 'WOMEN_AND_GIRLS', ars: '09564' };

/** `levels` times `targetGroups { federalOffers { … } }`, the abuse of issue 10. */
function nestedTargetGroups(levels: number): string {
  let inner = 'id';
  for (let i = 0; i < levels; i += 1) inner = `targetGroups { code federalOffers { ${inner} } }`;
  return `{ ${inner} }`;
}

/** `place { kreise { land { kreise … } } }` with `levels` kreise. */
function nestedKreise(levels: number, first?: number): string {
  const page = first ? `(first: ${first})` : '';
  let inner = 'name';
  for (let i = 0; i < levels; i += 1) inner = `kreise${page} { name land { ${inner} } }`;
  return `{ place(ars: "09") { ${inner} } }`;
}

describe('the default operation limits', () => {
  it.each(SAVED_OPERATIONS.map((o) => [o.name, o] as const))('pass the saved operation %s', (_name, saved) => {
    expect(verdict(saved.query, config.public, saved.variables ?? {}, saved.name).exceeded).toBeUndefined();
  });

  it('pass the dashboard query, the headline query and its wide variant', () => {
    for (const query of [DASHBOARD_QUERY, HEADLINE_QUERY, WIDE_HEADLINE_QUERY]) {
      expect(verdict(query, config.public, HEADLINE_VARIABLES).exceeded).toBeUndefined();
    }
  });

  it.each(CATALOGUE_QUERIES.map((q, i) => [i, q] as const))(
    'pass the analytics refresh query #%d with full pages, also with the public set',
    (_i, query) => {
      const variables = { first: MAX_PAGE_SIZE, offset: 0, land: '09', ars: '09564', level: 'KOMMUNE' };
      expect(verdict(query, config.internal, variables).exceeded).toBeUndefined();
      expect(verdict(query, config.public, variables).exceeded).toBeUndefined();
    },
  );

  it('refuse targetGroups { federalOffers { targetGroups … } } three and two levels deep by its cost', () => {
    expect(verdict(nestedTargetGroups(3), config.public).exceeded?.limit).toBe('cost');
    expect(verdict(nestedTargetGroups(2), config.public).exceeded?.limit).toBe('cost');
    expect(verdict(nestedTargetGroups(3), config.internal).exceeded?.limit).toBe('cost');
  });

  it('let the explorer introspect the schema, as GraphiQL asks with every option on', () => {
    const query = getIntrospectionQuery({
      descriptions: true,
      inputValueDeprecation: true,
      schemaDescription: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      oneOf: true,
    });
    expect(verdict(query, config.public).exceeded).toBeUndefined();
    // The same introspection forty times over (within the alias limit) is refused by its cost.
    const fragments = query.slice(query.indexOf('fragment FullType'));
    const schemas = Array.from({ length: 40 }, (_, i) => `s${i}: __schema { types { ...FullType } }`).join(' ');
    expect(verdict(`query A { ${schemas} }\n${fragments}`, config.public).exceeded?.limit).toBe('cost');
  });

  it('refuse place { kreise { land { kreise … } } } by its depth, or by its cost with full pages', () => {
    expect(verdict(nestedKreise(4), config.public).exceeded?.limit).toBe('depth');
    expect(verdict(nestedKreise(3, 200), config.public).exceeded?.limit).toBe('cost');
  });

  it('refuse 3 000 aliases, by the token count before parsing and by the alias count after', () => {
    const aliases = Array.from({ length: 3000 }, (_, i) => `a${i}: __typename`).join(' ');
    expect(countTokens(`{ ${aliases} }`)).toBeGreaterThan(config.internal.tokens);
    const some = Array.from({ length: config.public.aliases + 1 }, (_, i) => `a${i}: ressorts { code }`).join(' ');
    expect(verdict(`{ ${some} }`, config.public).exceeded).toEqual({
      limit: 'aliases',
      value: config.public.aliases + 1,
      maximum: config.public.aliases,
    });
  });

  it('remember the cost of a document per set of variables, not across them', () => {
    const document = parse('query P($first: Int) { federalMeasures(first: $first) { items { id } } }');
    const cost = (first: number) =>
      operationCost(schema, document, { variables: { first }, listCost: config.listCost }) ?? Number.NaN;
    const ten = cost(10);
    expect(cost(100)).toBeGreaterThan(ten * 9);
    expect(cost(10)).toBe(ten);
  });

  it('multiply a page by its first argument, the page cap when it is missing or too large', () => {
    const cost = (query: string) => verdict(query, config.public).values.cost;
    const small = cost('{ federalMeasures(first: 10) { items { id } } }');
    const large = cost('{ federalMeasures(first: 100) { items { id } } }');
    expect(large).toBeGreaterThan(small * 9);
    expect(cost('{ federalMeasures(first: 100000) { items { id } } }')).toBe(
      cost(`{ federalMeasures(first: ${MAX_PAGE_SIZE}) { items { id } } }`),
    );
  });
});

describe('operationLimitsFromEnv', () => {
  it('reads the public and internal sets and keeps the internal one at least as high', () => {
    const read = operationLimitsFromEnv({
      LIMIT_MAX_DEPTH: '3',
      LIMIT_MAX_COST: '2000000',
      LIMIT_INTERNAL_MAX_DEPTH: '4',
    });
    expect(read.public.depth).toBe(3);
    expect(read.internal.depth).toBe(4);
    expect(read.internal.cost).toBe(2_000_000);
  });

  it('refuses a limit that is not a whole number', () => {
    expect(() => operationLimitsFromEnv({ LIMIT_MAX_TOKENS: 'many' })).toThrow(/LIMIT_MAX_TOKENS/);
  });
});

describe('the execution budget', () => {
  const budget = { queryMs: 5, mutationMs: 20 };

  it('gives up a request that does not end within its budget', async () => {
    const never = new Promise<string>(() => undefined);
    await expect(withinBudget(never, budget, () => false)).rejects.toMatchObject({
      statusCode: 503,
      extensions: { code: 'EXECUTION_BUDGET_EXCEEDED', budgetMs: 5 },
    });
  });

  it('gives a mutation its own, longer budget', async () => {
    const never = new Promise<string>(() => undefined);
    await expect(withinBudget(never, budget, () => true)).rejects.toBeInstanceOf(ExecutionBudgetExceeded);
    await expect(withinBudget(never, budget, () => true)).rejects.toMatchObject({ extensions: { budgetMs: 20 } });
  });

  it('passes on the answer of a request that ends in time', async () => {
    await expect(
      withinBudget(Promise.resolve('answer'), { queryMs: 60_000, mutationMs: 60_000 }, () => false),
    ).resolves.toBe('answer');
  });

  it('is read from GATEWAY_EXECUTION_BUDGET_MS, above the write timeout for mutations', () => {
    expect(executionBudgetFromEnv({}, 60_000)).toEqual({ queryMs: 15_000, mutationMs: 70_000 });
    expect(executionBudgetFromEnv({ GATEWAY_EXECUTION_BUDGET_MS: '8000' }, 60_000).queryMs).toBe(8000);
  });
});

describe('the HTTP servers', () => {
  it('take a well-formed x-request-id and replace any other', () => {
    expect(requestIdOf('client-1:try.2', 'gateway')).toBe('client-1:try.2');
    expect(requestIdOf('x'.repeat(128), 'gateway')).toBe('x'.repeat(128));
    for (const bad of ['x'.repeat(129), '', 'two words', 'a\nb', ['a', 'b'], undefined]) {
      expect(requestIdOf(bad, 'gateway')).toMatch(/^gateway-[0-9a-f-]{36}$/);
    }
  });

  it('read their connection limits, the headers timeout never above the request timeout', () => {
    expect(connectionLimitsFromEnv({})).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 60_000,
      idleTimeoutMs: 65_000,
      maxConnections: 1024,
    });
    expect(connectionLimitsFromEnv({ REQUEST_TIMEOUT_MS: '5000', MAX_CONNECTIONS: '10' })).toMatchObject({
      headersTimeoutMs: 5000,
      maxConnections: 10,
    });
    expect(() => connectionLimitsFromEnv({ MAX_CONNECTIONS: 'lots' })).toThrow(/MAX_CONNECTIONS/);
  });
});
