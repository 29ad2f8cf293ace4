import type { FastifyInstance } from 'fastify';
import type { SupergraphStatus } from './supergraph-file';

export interface HealthOptions {
  supergraph: () => SupergraphStatus;
  /** Where the gateway actually sends a subgraph's requests (env overrides win). */
  subgraphUrl: (name: string, routingUrl: string) => string;
  timeoutMs: number;
}

/** Asks a subgraph's /health; the GraphQL URL's origin is the subgraph's base URL. */
async function probe(graphqlUrl: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(new URL('/health', graphqlUrl), { signal: AbortSignal.timeout(timeoutMs) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * /health: the process is alive. /ready: which schema version is served, since when, whether the
 * last artifact was refused (and why), and which subgraphs answer. The gateway serves whatever
 * the answering subgraphs can give, so /ready reports "degraded" rather than failing when only
 * some are down.
 */
export function registerHealthRoutes(app: FastifyInstance, options: HealthOptions): void {
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    const supergraph = options.supergraph();
    const subgraphs = await Promise.all(
      supergraph.subgraphs.map(async (s) => ({
        name: s.name,
        up: await probe(options.subgraphUrl(s.name, s.url), options.timeoutMs),
      })),
    );
    const up = subgraphs.filter((s) => s.up).length;
    const status = up === subgraphs.length ? 'ready' : up === 0 ? 'unavailable' : 'degraded';
    return reply.code(status === 'unavailable' ? 503 : 200).send({
      status,
      schemaVersion: supergraph.version,
      schemaLoadedAt: supergraph.loadedAt.toISOString(),
      lastReloadError: supergraph.lastError
        ? {
            at: supergraph.lastError.at.toISOString(),
            schemaVersion: supergraph.lastError.version,
            message: supergraph.lastError.message,
          }
        : null,
      subgraphs,
    });
  });
}
