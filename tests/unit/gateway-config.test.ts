import { BoundedStore, approximateSize } from '../../gateway/bounded-store';
import { gatewayConfigFromEnv, workersFromEnv } from '../../gateway/config';

const MB = 1024 * 1024;

describe('the performance levers in the gateway configuration', () => {
  it('are on by default, with bounded caches and one process', () => {
    const config = gatewayConfigFromEnv({});
    expect(config.responseCache).toEqual({ enabled: true, maxBytes: 64 * MB, maxEntries: 10_000, maxAgeSeconds: 300 });
    expect(config.subgraphDedup).toBe(true);
    expect(config.persistedQueries).toEqual({ enabled: true, maxBytes: 16 * MB });
    expect(config.queryPlanCacheMaxBytes).toBe(30 * MB);
    expect(config.workers).toBe(1);
    expect(config.heapGrowthPercent).toBe(100);
    expect(config.databaseUrl).toBeUndefined();
  });

  it('are read from the environment', () => {
    const config = gatewayConfigFromEnv({
      RESPONSE_CACHE: 'off',
      RESPONSE_CACHE_MAX_MB: '8',
      RESPONSE_CACHE_MAX_ENTRIES: '500',
      RESPONSE_CACHE_MAX_AGE_SECONDS: '0',
      SUBGRAPH_DEDUP: 'off',
      PERSISTED_QUERIES: 'false',
      PERSISTED_QUERIES_MAX_MB: '0.5',
      QUERY_PLAN_CACHE_MAX_MB: '100',
      GATEWAY_WORKERS: '3',
      GATEWAY_HEAP_GROWTH_PERCENT: '0',
      DATABASE_URL: 'postgres://hub@db/hub',
    });
    expect(config.responseCache).toEqual({ enabled: false, maxBytes: 8 * MB, maxEntries: 500, maxAgeSeconds: 0 });
    expect(config.subgraphDedup).toBe(false);
    expect(config.persistedQueries).toEqual({ enabled: false, maxBytes: MB / 2 });
    expect(config.queryPlanCacheMaxBytes).toBe(100 * MB);
    expect(config.workers).toBe(3);
    expect(config.heapGrowthPercent).toBe(0);
    expect(config.databaseUrl).toBe('postgres://hub@db/hub');
  });

  it('take "auto" workers to mean one per CPU', () => {
    expect(workersFromEnv({ GATEWAY_WORKERS: 'auto' }, 6)).toBe(6);
    expect(workersFromEnv({}, 6)).toBe(1);
  });

  it.each([
    ['RESPONSE_CACHE', 'maybe', /RESPONSE_CACHE must be on or off/],
    ['RESPONSE_CACHE_MAX_MB', '-1', /RESPONSE_CACHE_MAX_MB must be a positive number/],
    ['GATEWAY_WORKERS', '0', /GATEWAY_WORKERS must be auto or a whole number/],
    ['GATEWAY_WORKERS', 'many', /GATEWAY_WORKERS must be auto or a whole number/],
    ['GATEWAY_HEAP_GROWTH_PERCENT', 'lots', /GATEWAY_HEAP_GROWTH_PERCENT must be a whole number/],
  ])('refuse %s=%s', (name, value, message) => {
    expect(() => gatewayConfigFromEnv({ [name]: value })).toThrow(message);
  });
});

describe('BoundedStore (persisted queries, query plans)', () => {
  it('keeps within its byte bound, dropping the least recently used first', async () => {
    const store = new BoundedStore<string>(1000, (value, key) => approximateSize(value) + key.length);
    await store.set('a', 'x'.repeat(399));
    await store.set('b', 'x'.repeat(399));
    expect(await store.get('a')).toBeDefined();
    await store.set('c', 'x'.repeat(399));
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBeDefined();
    expect(store.stats()).toMatchObject({ entries: 2, bytes: 800, maxBytes: 1000, hits: 2, misses: 1 });
    store.clear();
    expect(store.stats().entries).toBe(0);
  });
});
