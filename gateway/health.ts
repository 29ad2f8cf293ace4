import type { FastifyInstance } from 'fastify';

export interface HealthOptions {
  schemaVersion: string;
  subgraphs: () => { name: string; url: string }[];
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
 * /health: the process is alive. /ready: which schema version is served and which subgraphs
 * answer. The gateway serves whatever the answering subgraphs can give, so /ready reports
 * "degraded" rather than failing when only some are down.
 */
export function registerHealthRoutes(app: FastifyInstance, options: HealthOptions): void {
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    const subgraphs = await Promise.all(
      options.subgraphs().map(async (s) => ({ name: s.name, up: await probe(s.url, options.timeoutMs) })),
    );
    const up = subgraphs.filter((s) => s.up).length;
    const status = up === subgraphs.length ? 'ready' : up === 0 ? 'unavailable' : 'degraded';
    return reply
      .code(status === 'unavailable' ? 503 : 200)
      .send({ status, schemaVersion: options.schemaVersion, subgraphs });
  });
}
