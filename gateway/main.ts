/**
 * Starts the gateway alone, configured from the environment (see README, "Configuration"); with
 * GATEWAY_WORKERS > 1 as a cluster of that many processes on one port (gateway/cluster).
 */
// First: traces (when OTEL_* asks for them) need http and pg patched before anything loads them.
import '../subgraphs/shared/platform/tracing';
import cluster from 'node:cluster';
import { setFlagsFromString } from 'node:v8';
import { runPrimary, runWorker } from './cluster';
import { gatewayConfigFromEnv } from './config';
import { startGateway } from './gateway';
import { watchParent } from '../subgraphs/shared/platform/parent-watch';
import { onShutdown } from '../subgraphs/shared/platform/shutdown';

async function main(): Promise<void> {
  // Under `npm start`: stop when the launcher is gone (no-op when started alone; cluster
  // workers watch their primary the same way).
  watchParent();
  const config = gatewayConfigFromEnv();
  // Read by V8 at every full collection, so it applies from here on (see GatewayConfig).
  if (config.heapGrowthPercent > 0) setFlagsFromString(`--heap-growing-percent=${config.heapGrowthPercent}`);
  if (config.workers > 1) {
    if (cluster.isPrimary) runPrimary(config.workers);
    else await runWorker(config);
    return;
  }
  const gateway = await startGateway(config);
  console.log(`gateway: ${gateway.graphqlUrl}`);
  onShutdown(() => gateway.stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
