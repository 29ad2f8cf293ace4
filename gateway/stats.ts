import type { FastifyInstance } from 'fastify';
import type { BoundedStoreStats } from './bounded-store';
import type { ChangeListenerStats } from './change-listener';
import type { ResponseCacheStats } from './response-cache';
import type { SubgraphFetchStats } from './subgraph-data-source';

export type ResponseCacheReport = ResponseCacheStats & { changeFeed: ChangeListenerStats | null };

/** The counters of the gateway's performance levers, per process (in a cluster: per worker). */
export interface GatewayStats {
  pid: number;
  /** The cluster worker that answered, or null when the gateway runs as one process. */
  worker: number | null;
  responseCache: ResponseCacheReport | { enabled: false };
  persistedQueries: (BoundedStoreStats & { enabled: true }) | { enabled: false };
  queryPlans: BoundedStoreStats;
  subgraphFetches: { dedup: boolean; bySubgraph: Record<string, SubgraphFetchStats> };
}

/**
 * GET /stats: hits, misses, entries, bytes and invalidations of the response cache, the
 * persisted-query and query-plan stores, and the HTTP calls sent to and shared per subgraph.
 * Counters start at zero with the process.
 */
export function registerStatsRoute(app: FastifyInstance, stats: () => GatewayStats): void {
  app.get('/stats', async (_request, reply) => reply.header('cache-control', 'no-store').send(stats()));
}
