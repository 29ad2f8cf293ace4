// First: traces (when OTEL_* asks for them) need http and pg patched before anything loads them.
import '../shared/platform/tracing';
import { runStandalone } from '../shared/server/run-standalone';
import { analyticsConfigFromEnv } from './config';
import { analyticsSubgraph } from './index';

/**
 * The analytics subgraph as its own service: as shared/server/run-standalone.ts (DATABASE_URL and
 * MIGRATION_DATABASE_URL, DATABASE_ADMIN_URL or PGDATA_DIR, PORT, HOST, MIGRATE, SEED,
 * LOG_LEVEL), plus the index sync, which reads through the gateway at ANALYTICS_GATEWAY_URL every
 * ANALYTICS_REFRESH_SECONDS (0 = only on demand). The gateway usually starts after this service;
 * until it answers, the sync retries after 5 s, 10 s, 20 s … and `analyticsStatus.lastError` says
 * why the index is empty.
 */
const env = process.env;
runStandalone(analyticsSubgraph, env, (db) => {
  const sync = analyticsSubgraph.sync(db);
  // gatewayToken: the `internal` credential (ANALYTICS_GATEWAY_TOKEN, or minted with JWT_SECRET).
  const { gatewayUrl, refreshSeconds, timeoutMs, gatewayToken } = analyticsConfigFromEnv(env);
  // Not awaited: the service answers (from the last index) while the first refresh runs.
  void sync.start(gatewayUrl, { refreshSeconds, timeoutMs, gatewayToken, log: (line) => console.log(line) });
  return { stop: () => sync.stop() };
}).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
