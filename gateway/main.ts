/** Starts the gateway alone, configured from the environment (see README, "Configuration"). */
import { gatewayConfigFromEnv } from './config';
import { startGateway } from './gateway';
import { onShutdown } from '../subgraphs/shared/shutdown';

async function main(): Promise<void> {
  const gateway = await startGateway(gatewayConfigFromEnv());
  console.log(`gateway: ${gateway.graphqlUrl}`);
  onShutdown(() => gateway.stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
