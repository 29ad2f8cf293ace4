import { getHeapStatistics } from 'node:v8';
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { BoundedStoreStats } from './bounded-store';
import type { ResponseCacheReport } from './response-cache';
import type { SubgraphFetchStats } from './subgraph-calls';

/** The counters of the gateway's performance levers, per process (in a cluster: per worker). */
export interface GatewayStats {
  pid: number;
  /** The cluster worker that answered, or null when the gateway runs as one process. */
  worker: number | null;
  responseCache: ResponseCacheReport | { enabled: false };
  persistedQueries: (BoundedStoreStats & { enabled: true }) | { enabled: false };
  queryPlans: BoundedStoreStats;
  subgraphFetches: { dedup: boolean; bySubgraph: Record<string, SubgraphFetchStats> };
  /** MB: resident set, V8 heap used and reserved, its limit, and memory outside the heap (buffers). */
  memory: { rssMb: number; heapUsedMb: number; heapTotalMb: number; heapLimitMb: number; externalMb: number };
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** This process's memory now, for /stats. */
export function memoryReport(): GatewayStats['memory'] {
  const usage = process.memoryUsage();
  return {
    rssMb: mb(usage.rss),
    heapUsedMb: mb(usage.heapUsed),
    heapTotalMb: mb(usage.heapTotal),
    heapLimitMb: mb(getHeapStatistics().heap_size_limit),
    externalMb: mb(usage.external + usage.arrayBuffers),
  };
}

/** What /stats reads, each part at the moment it is asked. */
export interface StatsSources {
  worker: number | null;
  responseCache: () => GatewayStats['responseCache'];
  persistedQueries: { stats(): BoundedStoreStats } | undefined;
  queryPlans: { stats(): BoundedStoreStats };
  subgraphFetches: () => GatewayStats['subgraphFetches'];
}

/** The counters of this gateway now, for /stats and RunningGateway.stats(). */
export function statsReader(sources: StatsSources): () => GatewayStats {
  const { persistedQueries } = sources;
  return () => ({
    pid: process.pid,
    worker: sources.worker,
    responseCache: sources.responseCache(),
    persistedQueries: persistedQueries ? { enabled: true, ...persistedQueries.stats() } : { enabled: false },
    queryPlans: sources.queryPlans.stats(),
    subgraphFetches: sources.subgraphFetches(),
    memory: memoryReport(),
  });
}

/**
 * GET /stats: hits, misses, entries, bytes and invalidations of the response cache, the
 * persisted-query and query-plan stores, the HTTP calls sent to and shared per subgraph, and the
 * process's memory. Counters start at zero with the process. `guard` (requireOperator in
 * subgraphs/shared/platform/auth/operator-guard.ts) keeps it to operators: it tells an outsider how loaded the hub is.
 */
export function registerStatsRoute(
  app: FastifyInstance,
  stats: () => GatewayStats,
  guard: preHandlerAsyncHookHandler,
): void {
  app.get('/stats', { preHandler: guard }, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send(stats()),
  );
}
