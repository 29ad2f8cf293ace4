import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { requireOperator, opsEndpointsPublicFromEnv } from '../platform/auth/operator-guard';
import type { TokenVerifier } from '../platform/auth/token-verifier';
import { SqlCounter } from './sql-counter';

/**
 * GET /metrics on a subgraph (Prometheus text format): its HTTP requests by route and status,
 * their durations, and the SQL statements it sent. One Registry per server, so the subgraphs of
 * one `startHub` process keep apart; process metrics (CPU, memory) are the gateway's to report
 * in that case, and in a split deployment every process is scraped on its own anyway.
 * Like the gateway's, it needs an operator token unless OPS_ENDPOINTS_PUBLIC=on.
 */
export function registerSubgraphMetrics(
  app: FastifyInstance,
  options: { db: DataSource; verifyToken: TokenVerifier; public?: boolean },
): Registry {
  const registry = new Registry();
  const requests = new Counter({
    name: 'hub_subgraph_requests_total',
    help: 'HTTP requests this subgraph answered, by route and status',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'hub_subgraph_request_duration_seconds',
    help: 'Time from a request arriving at this subgraph to its answer being sent',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  const sql = options.db.logger instanceof SqlCounter ? options.db.logger : undefined;
  if (sql) {
    // SqlCounter can be reset (tests, the benchmark); the Prometheus counter only ever grows.
    let seen = 0;
    new Counter({
      name: 'hub_sql_statements_total',
      help: 'SQL statements this subgraph sent to PostgreSQL',
      registers: [registry],
      collect() {
        const total = sql.total;
        this.inc(total >= seen ? total - seen : total);
        seen = total;
      },
    });
  }

  app.addHook('onResponse', async (request, reply) => {
    // Only the routes the server declares: unmatched paths must not make up labels.
    const route = request.routeOptions.url ?? '(unmatched)';
    if (route === '/metrics') return;
    requests.inc({ route, status: String(reply.statusCode) });
    duration.observe({ route }, reply.elapsedTime / 1000);
  });
  const open = options.public ?? opsEndpointsPublicFromEnv();
  app.get('/metrics', {
    ...(open ? {} : { preHandler: requireOperator(options.verifyToken, { public: false }) }),
    handler: async (_request, reply) =>
      reply
        .header('content-type', registry.contentType)
        .header('cache-control', 'no-store')
        .send(await registry.metrics()),
  });
  return registry;
}
