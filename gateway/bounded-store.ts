import { LRUCache } from 'lru-cache';

export interface BoundedStoreStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
  maxBytes: number;
}

/**
 * A size-bounded, least-recently-used key-value store in the shape Apollo asks for
 * (KeyValueCache: async get/set/delete, plus clear for the query planner): the gateway's store
 * of persisted queries (APQ) and of query plans, with hit and miss counts for /stats.
 */
export class BoundedStore<V extends NonNullable<unknown>> {
  private readonly lru: LRUCache<string, V>;
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly maxBytes: number,
    sizeOf: (value: V, key: string) => number,
  ) {
    this.lru = new LRUCache<string, V>({
      maxSize: maxBytes,
      sizeCalculation: (value, key) => Math.max(1, sizeOf(value, key)),
    });
  }

  async get(key: string): Promise<V | undefined> {
    const value = this.lru.get(key);
    if (value === undefined) this.misses += 1;
    else this.hits += 1;
    return value;
  }

  async set(key: string, value: V, options?: { ttl?: number | null }): Promise<void> {
    // Apollo passes ttl in seconds; null or absent: kept until evicted.
    const ttl = options?.ttl;
    this.lru.set(key, value, ttl ? { ttl: ttl * 1000 } : {});
  }

  async delete(key: string): Promise<boolean> {
    return this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }

  stats(): BoundedStoreStats {
    return {
      hits: this.hits,
      misses: this.misses,
      entries: this.lru.size,
      bytes: this.lru.calculatedSize,
      maxBytes: this.maxBytes,
    };
  }
}

/** Bytes of a string or, roughly, of an object as JSON (how Apollo sizes its own caches). */
export function approximateSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  return Buffer.byteLength(JSON.stringify(value) ?? '');
}
