/**
 * The response cache, as one seam: public answers of /graphql, kept until a write makes them
 * stale (see README, "Performance levers").
 *
 * - cache-key.ts: whether a request may be answered from the cache, and under which key;
 * - store.ts: the answers, bounded, and the generation that keeps stale ones out;
 * - change-feed.ts: LISTEN for writes that bypass this gateway (with DATABASE_URL);
 * - route-hooks.ts: its two points on the /graphql route (answer a hit, store a miss);
 * - http-caching.ts: what browsers and CDNs may keep (Cache-Control, Vary, ETag, 304).
 *
 * In a cluster a mutation also empties every other worker's cache (gateway/cluster).
 */
import type { FastifyInstance } from 'fastify';
import type { ClusterMembership } from '../cluster/membership';
import type { GatewayConfig } from '../config';
import { ChangeFeed, type ChangeFeedStats } from './change-feed';
import { HttpCaching, httpMaxAge } from './http-caching';
import { ResponseCacheHooks } from './route-hooks';
import { ResponseCache, type ResponseCacheStats } from './store';

export { canonicalJson, planCaching, queryHash, type CachePlan, type GraphQLHttpRequest } from './cache-key';
export { ChangeFeed, type ChangeFeedStats } from './change-feed';
export { HttpCaching, httpCachingFromEnv, type HttpCachingConfig } from './http-caching';
export { CACHE_HEADER, ResponseCacheHooks, type CacheTicket } from './route-hooks';
export { ResponseCache, type CachedResponse, type ResponseCacheStats } from './store';

export type ResponseCacheReport = ResponseCacheStats & { changeFeed: ChangeFeedStats | null };

export interface ResponseCacheSeam {
  /** Its points on the /graphql route; undefined when RESPONSE_CACHE=off. */
  hooks: ResponseCacheHooks | undefined;
  /** Cache-Control, Vary, ETag and 304 on /graphql answers (also with RESPONSE_CACHE=off). */
  httpCaching: HttpCaching;
  /** Empties the cache: a new supergraph, a write in another worker. */
  invalidate: () => void;
  /**
   * Runs after a mutation and before its answer is sent: empties this process's cache and, in a
   * cluster, every other worker's, so that the very next read anywhere sees the write.
   */
  afterMutation: () => Promise<void>;
  /** Whether the change feed listens; undefined when there is none (no database URL). */
  changeFeed: () => { listening: boolean } | undefined;
  report: () => ResponseCacheReport | { enabled: false };
  start: () => Promise<void>;
  close: () => Promise<void>;
}

export function useResponseCache(
  config: GatewayConfig,
  app: FastifyInstance,
  cluster?: ClusterMembership,
): ResponseCacheSeam {
  // With a database URL the cache also hears of writes that bypass this gateway, and is off
  // while it cannot.
  const cache = config.responseCache.enabled
    ? new ResponseCache(
        {
          maxBytes: config.responseCache.maxBytes,
          maxEntries: config.responseCache.maxEntries,
          maxAgeMs: config.responseCache.maxAgeSeconds * 1000,
        },
        { available: !config.databaseUrl },
      )
    : undefined;
  const changes =
    cache && config.databaseUrl
      ? new ChangeFeed({
          databaseUrl: config.databaseUrl,
          onChange: () => cache.invalidate(),
          onAvailability: (listening) => cache.setAvailable(listening),
          log: { warn: (message) => app.log.warn(message), info: (message) => app.log.info(message) },
        })
      : undefined;
  return {
    hooks: cache && new ResponseCacheHooks(cache),
    httpCaching: new HttpCaching(httpMaxAge(config.httpCaching, config.responseCache.maxAgeSeconds)),
    invalidate: () => cache?.invalidate(),
    afterMutation: async () => {
      if (!cache) return;
      cache.invalidate();
      await cluster?.invalidateOtherWorkers();
    },
    changeFeed: () => changes && { listening: changes.listening },
    report: () => (cache ? { ...cache.stats(), changeFeed: changes?.stats() ?? null } : { enabled: false }),
    start: async () => changes?.start(),
    close: async () => changes?.stop(),
  };
}
