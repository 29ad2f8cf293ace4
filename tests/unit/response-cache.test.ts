import {
  canonicalJson,
  planCaching,
  queryHash,
  ResponseCache,
  type CachedResponse,
  type GraphQLHttpRequest,
} from '../../gateway/response-cache';

const answer = (text: string): CachedResponse => ({
  body: Buffer.from(text),
  headers: { 'content-type': 'application/json; charset=utf-8' },
});

const newCache = (options: Partial<ConstructorParameters<typeof ResponseCache>[0]> = {}) =>
  new ResponseCache({ maxBytes: 1024 * 1024, maxEntries: 100, maxAgeMs: 0, ...options });

describe('ResponseCache', () => {
  it('serves what was stored until it is invalidated', () => {
    const cache = newCache();
    expect(cache.lookup('k')).toBeUndefined();
    expect(cache.store('k', answer('{"data":1}'), cache.generation)).toBe(true);
    expect(cache.lookup('k')?.body.toString()).toBe('{"data":1}');
    cache.invalidate();
    expect(cache.lookup('k')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2, stores: 1, invalidations: 1, entries: 0 });
  });

  it('does not store an answer computed while a write happened (it may predate the write)', () => {
    const cache = newCache();
    // A read starts and notes the generation …
    const readStartedAt = cache.generation;
    // … a write is committed and invalidates while the read is still running …
    cache.invalidate();
    // … so the read's answer, perhaps from before the write, must not enter the cache.
    expect(cache.store('k', answer('{"data":"old"}'), readStartedAt)).toBe(false);
    expect(cache.lookup('k')).toBeUndefined();
    expect(cache.stats().discardedStale).toBe(1);
    // A read that starts after the write stores as usual.
    expect(cache.store('k', answer('{"data":"new"}'), cache.generation)).toBe(true);
    expect(cache.lookup('k')?.body.toString()).toBe('{"data":"new"}');
  });

  it('serves and stores nothing while unavailable, and comes back empty', () => {
    const cache = newCache();
    cache.store('k', answer('{}'), cache.generation);
    const generation = cache.generation;
    cache.setAvailable(false);
    expect(cache.lookup('k')).toBeUndefined();
    expect(cache.store('k', answer('{}'), cache.generation)).toBe(false);
    // A read that started before the feed was lost does not store after it is back either.
    cache.setAvailable(true);
    expect(cache.store('k', answer('{}'), generation)).toBe(false);
    expect(cache.lookup('k')).toBeUndefined();
    expect(cache.stats().invalidations).toBe(2);
  });

  it('stays within its byte bound and refuses an answer larger than a quarter of it', () => {
    const cache = newCache({ maxBytes: 10_000 });
    for (let i = 0; i < 50; i += 1) cache.store(`k${i}`, answer('x'.repeat(1000)), cache.generation);
    expect(cache.stats().bytes).toBeLessThanOrEqual(10_000);
    expect(cache.stats().entries).toBeLessThan(50);
    expect(cache.lookup('k49')).toBeDefined();
    expect(cache.store('huge', answer('x'.repeat(3000)), cache.generation)).toBe(false);
  });

  it('stays within its entry bound', () => {
    const cache = newCache({ maxEntries: 3 });
    for (let i = 0; i < 5; i += 1) cache.store(`k${i}`, answer('{}'), cache.generation);
    expect(cache.stats().entries).toBe(3);
    expect(cache.lookup('k0')).toBeUndefined();
  });
});

const QUERY = '{ place(ars: "09564") { name } }';
const post = (body: unknown, headers: Record<string, string> = {}): GraphQLHttpRequest => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body,
  query: {},
});

function keyOf(request: GraphQLHttpRequest): string {
  const plan = planCaching(request);
  if (!plan.cacheable) throw new Error(`not cacheable: ${plan.reason}`);
  return plan.key;
}

describe('planCaching', () => {
  it('keys by operation, operation name and variables, whatever the order of their keys', () => {
    const a = keyOf(post({ query: QUERY, variables: { a: 1, b: { c: 2, d: 3 } } }));
    const b = keyOf(post({ variables: { b: { d: 3, c: 2 }, a: 1 }, query: QUERY }));
    expect(a).toBe(b);
    expect(keyOf(post({ query: QUERY, variables: { a: 2 } }))).not.toBe(
      keyOf(post({ query: QUERY, variables: { a: 1 } })),
    );
    expect(keyOf(post({ query: QUERY, operationName: 'A' }))).not.toBe(keyOf(post({ query: QUERY })));
    // No variables and empty variables ask the same.
    expect(keyOf(post({ query: QUERY }))).toBe(keyOf(post({ query: QUERY, variables: {} })));
  });

  it('gives a hash-only persisted query the key of its full text', () => {
    const hash = queryHash(QUERY);
    const persisted = { persistedQuery: { version: 1, sha256Hash: hash } };
    expect(keyOf(post({ extensions: persisted }))).toBe(keyOf(post({ query: QUERY })));
    expect(keyOf(post({ query: QUERY, extensions: persisted }))).toBe(keyOf(post({ query: QUERY })));
    const wrong = { persistedQuery: { version: 1, sha256Hash: queryHash('{ other }') } };
    expect(planCaching(post({ query: QUERY, extensions: wrong }))).toEqual({
      cacheable: false,
      reason: 'hash-mismatch',
    });
  });

  it('reads GET requests from the query string', () => {
    const get: GraphQLHttpRequest = {
      method: 'GET',
      headers: { 'apollo-require-preflight': 'true' },
      body: undefined,
      query: { query: QUERY, variables: '{"b":1,"a":2}' },
    };
    expect(keyOf(get)).toBe(keyOf(post({ query: QUERY, variables: { a: 2, b: 1 } })));
    expect(planCaching({ ...get, query: { query: QUERY, variables: '{not json' } })).toEqual({
      cacheable: false,
      reason: 'variables',
    });
  });

  it.each<[string, GraphQLHttpRequest, string]>([
    ['a signed-in request', post({ query: QUERY }, { authorization: 'Bearer x' }), 'signed-in'],
    ['a request for a fresh answer', post({ query: QUERY }, { 'cache-control': 'no-cache' }), 'no-cache'],
    ['a batch', post([{ query: QUERY }]), 'batch'],
    ['a text/plain POST (refused by CSRF prevention)', { ...post({ query: QUERY }), headers: {} }, 'csrf'],
    [
      'a GET without a preflight header',
      { method: 'GET', headers: {}, body: undefined, query: { query: QUERY } },
      'csrf',
    ],
    ['unknown extensions', post({ query: QUERY, extensions: { tracing: true } }), 'extensions'],
    ['no operation', post({ variables: {} }), 'no-operation'],
    ['variables that are not an object', post({ query: QUERY, variables: [1] }), 'variables'],
    ['OPTIONS', { method: 'OPTIONS', headers: {}, body: undefined, query: {} }, 'method'],
  ])('bypasses %s', (_what, request, reason) => {
    expect(planCaching(request)).toEqual({ cacheable: false, reason });
  });

  it('writes canonical JSON', () => {
    expect(canonicalJson({ b: [{ y: 1, x: 2 }], a: null, c: undefined })).toBe('{"a":null,"b":[{"x":2,"y":1}]}');
  });
});
