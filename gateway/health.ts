import type { FastifyInstance } from 'fastify';
import type { BreakerState } from './circuit-breaker';
import type { GatewayConfig } from './config';
import type { SupergraphStatus } from './supergraph';

export interface HealthOptions {
  supergraph: () => SupergraphStatus;
  /** Where the gateway actually sends a subgraph's requests (env overrides win). */
  subgraphUrl: (name: string, routingUrl: string) => string;
  /** Longest wait for one subgraph's /ready; all are asked at the same time. */
  timeoutMs: number;
  /** Subgraphs whose being down leaves the gateway "degraded" (200) rather than unavailable. */
  optionalSubgraphs?: readonly string[];
  /** The circuit breaker of the gateway's calls to a subgraph, once it has one. */
  breakerState?: (name: string) => BreakerState | undefined;
  /** Whether the change feed listens; undefined when the gateway has none (no database URL). */
  changeFeed?: () => { listening: boolean } | undefined;
}

export interface SubgraphReadiness {
  name: string;
  up: boolean;
  /** False for the optional ones (GATEWAY_OPTIONAL_SUBGRAPHS). */
  required: boolean;
  /** Why it is down: "database", "unreachable", "no answer within … ms", "HTTP …", "circuit breaker open". */
  reason?: string;
  breaker?: BreakerState;
}

type Probe = Pick<SubgraphReadiness, 'up' | 'reason'>;

/**
 * Asks a subgraph's /ready, which checks its database too (subgraphs/shared/server/subgraph-server.ts);
 * the GraphQL URL's origin is the subgraph's base URL. A subgraph without /ready (404) is asked
 * for /health instead.
 */
async function probe(graphqlUrl: string, timeoutMs: number, path = '/ready'): Promise<Probe> {
  try {
    const response = await fetch(new URL(path, graphqlUrl), { signal: AbortSignal.timeout(timeoutMs) });
    if (response.ok) {
      await response.body?.cancel();
      return { up: true };
    }
    if (response.status === 404 && path === '/ready') {
      await response.body?.cancel();
      return probe(graphqlUrl, timeoutMs, '/health');
    }
    const body: unknown = await response.json().catch(() => undefined);
    const named = typeof body === 'object' && body !== null && 'reason' in body ? body.reason : undefined;
    return { up: false, reason: typeof named === 'string' ? named : `HTTP ${response.status}` };
  } catch (error) {
    const name = typeof error === 'object' && error !== null && 'name' in error ? error.name : undefined;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    return { up: false, reason: timedOut ? `no answer within ${timeoutMs} ms` : 'unreachable' };
  }
}

/**
 * /health: the process is alive (liveness, nothing else). /ready: whether the gateway can serve
 * what its supergraph promises — 503 "unavailable" when a required subgraph (or its database) is
 * down, when the change feed that keeps the response cache honest does not listen, or when the
 * last supergraph artifact was refused; 200 "degraded" when only optional subgraphs are down;
 * 200 "ready" otherwise. `problems` names each reason. Subgraphs are asked in parallel with a
 * short timeout; one whose circuit breaker is open is reported down without being asked (its
 * breaker already probes it), so a hung subgraph does not make every /ready wait.
 */
export function registerHealthRoutes(app: FastifyInstance, options: HealthOptions): void {
  const optional = new Set(options.optionalSubgraphs ?? []);
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    const supergraph = options.supergraph();
    const subgraphs = await Promise.all(
      supergraph.subgraphs.map(async (s): Promise<SubgraphReadiness> => {
        const breaker = options.breakerState?.(s.name);
        const found =
          breaker === 'open'
            ? { up: false, reason: 'circuit breaker open' }
            : await probe(options.subgraphUrl(s.name, s.url), options.timeoutMs);
        return { name: s.name, ...found, required: !optional.has(s.name), ...(breaker ? { breaker } : {}) };
      }),
    );
    const feed = options.changeFeed?.();
    const problems = [
      ...subgraphs.filter((s) => !s.up && s.required).map((s) => `subgraph ${s.name}: ${s.reason ?? 'down'}`),
      ...(feed && !feed.listening ? ['change feed: not listening to the database'] : []),
      ...(supergraph.lastError
        ? [`supergraph artifact ${supergraph.lastError.version || '(unreadable)'} refused`]
        : []),
    ];
    const degraded = subgraphs.some((s) => !s.up);
    const status = problems.length > 0 ? 'unavailable' : degraded ? 'degraded' : 'ready';
    return reply
      .code(status === 'unavailable' ? 503 : 200)
      .header('cache-control', 'no-store')
      .send({
        status,
        problems,
        schemaVersion: supergraph.version,
        schemaLoadedAt: supergraph.loadedAt.toISOString(),
        lastReloadError: supergraph.lastError
          ? {
              at: supergraph.lastError.at.toISOString(),
              schemaVersion: supergraph.lastError.version,
              message: supergraph.lastError.message,
            }
          : null,
        changeFeed: feed ? { listening: feed.listening } : null,
        subgraphs,
      });
  });
}

/** The gateway's /health and /ready, from the seams whose state /ready reports. */
export function useHealth(
  config: GatewayConfig,
  app: FastifyInstance,
  seams: Pick<HealthOptions, 'supergraph' | 'breakerState' | 'changeFeed'>,
): void {
  registerHealthRoutes(app, {
    ...seams,
    subgraphUrl: (name, url) => config.subgraphUrls[name] ?? url,
    timeoutMs: Math.min(config.subgraphTimeoutMs, 2000),
    optionalSubgraphs: config.optionalSubgraphs,
  });
}
