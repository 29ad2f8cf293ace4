import { LRUCache } from 'lru-cache';

/** A complete GraphQL answer as it went to the client, with the headers that describe it. */
export interface CachedResponse {
  body: Buffer;
  /** content-type and cache-control of the original answer. */
  headers: Record<string, string>;
}

export interface ResponseCacheOptions {
  maxBytes: number;
  maxEntries: number;
  /** Longest time an entry is served (0: until evicted or invalidated). */
  maxAgeMs: number;
}

export interface ResponseCacheStats {
  enabled: true;
  /** False while the change feed is down: nothing is served from or stored in the cache. */
  available: boolean;
  hits: number;
  misses: number;
  bypasses: number;
  stores: number;
  /** Answers not stored because an invalidation happened while they were computed. */
  discardedStale: number;
  invalidations: number;
  generation: number;
  entries: number;
  bytes: number;
  maxBytes: number;
}

/** Bookkeeping per entry beyond its body: key, headers, the LRU's own structures. */
const ENTRY_OVERHEAD_BYTES = 256;

/**
 * Public answers of the gateway, kept until a write makes them stale (not until they expire).
 *
 * Correctness rests on the generation: every invalidation increments it and empties the cache.
 * A request notes the generation when it starts and may store its answer only if the
 * generation is still the same when it finishes — an answer computed while a write happened may
 * predate that write, and storing it after the invalidation would bring the stale data back.
 */
export class ResponseCache {
  private readonly lru: LRUCache<string, CachedResponse>;
  private currentGeneration = 0;
  private isAvailable: boolean;
  private readonly counters = { hits: 0, misses: 0, bypasses: 0, stores: 0, discardedStale: 0, invalidations: 0 };

  constructor(
    private readonly options: ResponseCacheOptions,
    initial: { available: boolean } = { available: true },
  ) {
    this.isAvailable = initial.available;
    this.lru = new LRUCache<string, CachedResponse>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      // One answer may take at most a quarter of the cache, so a few huge ones cannot flush it.
      maxEntrySize: Math.max(1, Math.floor(options.maxBytes / 4)),
      sizeCalculation: (value, key) => value.body.length + key.length + ENTRY_OVERHEAD_BYTES,
      ...(options.maxAgeMs > 0 ? { ttl: options.maxAgeMs } : {}),
    });
  }

  get generation(): number {
    return this.currentGeneration;
  }

  get available(): boolean {
    return this.isAvailable;
  }

  /** The stored answer for `key`, counted as hit or miss. */
  lookup(key: string): CachedResponse | undefined {
    const found = this.isAvailable ? this.lru.get(key) : undefined;
    if (found) this.counters.hits += 1;
    else this.counters.misses += 1;
    return found;
  }

  /** Counts a request the cache was not asked about (mutation, signed in, no-cache, …). */
  countBypass(): void {
    this.counters.bypasses += 1;
  }

  /**
   * Stores an answer computed by a request that started at `generation`; refused (false) when an
   * invalidation happened since, when the cache is unavailable, or when the answer is too large.
   */
  store(key: string, value: CachedResponse, generation: number): boolean {
    if (!this.isAvailable) return false;
    if (generation !== this.currentGeneration) {
      this.counters.discardedStale += 1;
      return false;
    }
    this.lru.set(key, value);
    const stored = this.lru.has(key);
    if (stored) this.counters.stores += 1;
    return stored;
  }

  /** Drops every answer; requests in flight will not store theirs. */
  invalidate(): void {
    this.currentGeneration += 1;
    this.counters.invalidations += 1;
    this.lru.clear();
  }

  /**
   * Off while the gateway cannot hear about writes (change feed lost), on again once it can;
   * both directions empty the cache, since changes may have been missed in between.
   */
  setAvailable(available: boolean): void {
    if (available === this.isAvailable) return;
    this.isAvailable = available;
    this.invalidate();
  }

  stats(): ResponseCacheStats {
    return {
      enabled: true,
      available: this.isAvailable,
      ...this.counters,
      generation: this.currentGeneration,
      entries: this.lru.size,
      bytes: this.lru.calculatedSize,
      maxBytes: this.options.maxBytes,
    };
  }
}
