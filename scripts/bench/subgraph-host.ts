/**
 * One subgraph as its own process for the benchmark, as `npm run start:<name>` runs it (its own
 * HTTP server and connection pool), plus a small control endpoint the benchmark reads:
 *
 *   GET  /sql              → { total }: SQL statements this subgraph sent since start or reset
 *   POST /sql/reset
 *   POST /analytics/sync?gateway=<url>  (analytics only) starts the index refresh through that gateway
 *   GET  /analytics/sync   → { running, outcome }
 *
 * Env: BENCH_SUBGRAPH (name), DATABASE_URL (already migrated and seeded), PORT, BENCH_CONTROL_PORT.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALL_SUBGRAPHS } from '../../subgraphs';
import { readsThroughGateway } from '../../subgraphs/analytics';
import { authConfigFromEnv, createTokenVerifier } from '../../subgraphs/shared/platform/auth/token-verifier';
import { onShutdown } from '../../subgraphs/shared/platform/shutdown';
import { closeDatabase, prepareSubgraph } from '../../subgraphs/shared/server/prepare-subgraph';
import { startSubgraphServer } from '../../subgraphs/shared/server/subgraph-server';

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const name = env['BENCH_SUBGRAPH'];
  const databaseUrl = env['DATABASE_URL'];
  const module = ALL_SUBGRAPHS.find((m) => m.name === name);
  if (!module || !databaseUrl) throw new Error('BENCH_SUBGRAPH (a registered subgraph) and DATABASE_URL are needed');
  // The benchmark seeds before it starts the subgraphs; here only the server and the pool.
  const prepared = await prepareSubgraph(module, { databaseUrl, migrate: false, seed: false });
  const db = prepared.database.dataSource;
  const server = await startSubgraphServer(module, db, {
    port: Number(env['PORT'] ?? 0),
    host: '127.0.0.1',
    logLevel: env['LOG_LEVEL'] ?? 'error',
    verifyToken: createTokenVerifier(authConfigFromEnv(env)),
  });
  const sync = readsThroughGateway(module) ? module.sync(db) : undefined;
  let refresh: { running: boolean; outcome?: unknown } = { running: false };

  const control = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://control');
    if (req.method === 'GET' && url.pathname === '/sql')
      return send(res, 200, { total: prepared.database.sqlCounter.total });
    if (req.method === 'POST' && url.pathname === '/sql/reset') {
      prepared.database.sqlCounter.reset();
      return send(res, 200, { total: 0 });
    }
    // The first refresh at 500 000 measures takes minutes: POST starts it, GET reports it.
    const gateway = url.searchParams.get('gateway');
    if (req.method === 'POST' && url.pathname === '/analytics/sync' && sync && gateway) {
      // Refreshed once, on demand only: no background refresh may add SQL to a measured run.
      refresh = { running: true };
      sync.start(gateway, { refreshSeconds: 0, log: (line) => console.log(line) }).then(
        (outcome) => (refresh = { running: false, outcome }),
        (error: unknown) => (refresh = { running: false, outcome: { ok: false, error: String(error) } }),
      );
      return send(res, 202, refresh);
    }
    if (req.method === 'GET' && url.pathname === '/analytics/sync') return send(res, 200, refresh);
    send(res, 404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => control.listen(Number(env['BENCH_CONTROL_PORT'] ?? 0), '127.0.0.1', resolve));
  const controlPort = (control.address() as AddressInfo).port;
  console.log(`bench-host ${module.name}: ${server.graphqlUrl} control http://127.0.0.1:${controlPort}`);
  onShutdown(async () => {
    await sync?.stop();
    control.close();
    await server.stop();
    await closeDatabase(db);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
