import { gatewayConfigFromEnv, type GatewayConfig } from '../../gateway/config';
import { startGateway, type RunningGateway } from '../../gateway/gateway';
import type { TestHub } from './test-hub';

/** What of a running hub its own gateway needs. */
type Hub = Pick<TestHub, 'gatewayKeys' | 'subgraphs'>;

/** Where the hub's subgraphs answer, by name: a gateway's `subgraphUrls`. */
export function subgraphUrlsOf(hub: Hub): Record<string, string> {
  return Object.fromEntries([...hub.subgraphs].map(([name, s]) => [name, s.server.graphqlUrl]));
}

/**
 * A gateway of the test's own, on a free port, in front of the hub's running subgraphs: it signs
 * the credential they verify with the hub's key. `config` is what the test is about (a supergraph,
 * a timeout, another address for one subgraph in `subgraphUrls`); the rest is the default.
 */
export function startOwnGateway(hub: Hub, config: Partial<GatewayConfig> = {}): Promise<RunningGateway> {
  return startGateway({
    ...gatewayConfigFromEnv({}),
    port: 0,
    logLevel: 'silent',
    signingKey: hub.gatewayKeys.privateKey,
    ...config,
    subgraphUrls: { ...subgraphUrlsOf(hub), ...config.subgraphUrls },
  });
}
