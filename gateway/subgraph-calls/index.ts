/**
 * The gateway's calls to its subgraphs, as one seam (Apollo gateway's data source): one
 * SubgraphDataSource per subgraph of the supergraph (data-source.ts), each with its keep-alive
 * pool and deadline (http-pool.ts), identical in-flight queries sent once (dedup.ts), its answers
 * checked (answer.ts), and a circuit breaker (gateway/circuit-breaker.ts).
 */
import type { ServiceEndpointDefinition } from '@apollo/gateway';
import type { FastifyInstance } from 'fastify';
import type { GatewayCredentialSigner } from '../../subgraphs/shared/platform/auth/gateway-credential';
import type { BreakerState } from '../circuit-breaker';
import { envKey, type GatewayConfig } from '../config';
import { SubgraphDataSource, type SubgraphCallEvent, type SubgraphSourceStats } from './data-source';

export {
  DEFAULT_BREAKER,
  SubgraphDataSource,
  type SubgraphCallEvent,
  type SubgraphDataSourceOptions,
  type SubgraphSourceStats,
} from './data-source';
export type { SubgraphFetchStats } from './http-pool';

export interface SubgraphCalls {
  /** Apollo's buildService: the data source of one subgraph, built once per supergraph load. */
  buildService: (definition: ServiceEndpointDefinition) => SubgraphDataSource;
  /** The breaker of a subgraph's data source, once it has one. */
  breakerState: (name: string) => BreakerState | undefined;
  breakerStates: () => Array<readonly [string, BreakerState]>;
  /** For /stats: calls sent and shared per subgraph. */
  stats: () => { dedup: boolean; bySubgraph: Record<string, SubgraphSourceStats> };
  close: () => Promise<void>;
}

export function useSubgraphCalls(
  config: GatewayConfig,
  app: FastifyInstance,
  options: { credentials: GatewayCredentialSigner | undefined; onCall: (event: SubgraphCallEvent) => void },
): SubgraphCalls {
  const { credentials } = options;
  const dataSources = new Map<string, SubgraphDataSource>();
  return {
    buildService: ({ name, url }) => {
      const target = config.subgraphUrls[name] ?? url;
      if (!target) throw new Error(`Subgraph ${name} has no routing URL`);
      const source = new SubgraphDataSource({
        name,
        url: target,
        timeoutMs: config.subgraphTimeouts[envKey(name)] ?? config.subgraphTimeoutMs,
        writeTimeoutMs: config.subgraphWriteTimeoutMs,
        maxSockets: config.maxSocketsPerSubgraph,
        dedup: config.subgraphDedup,
        onCall: options.onCall,
        ...(credentials ? { callerHeaders: (subgraph: string) => credentials.headers(subgraph) } : {}),
        breaker: config.subgraphBreaker,
        log: { warn: (message) => app.log.warn(message), info: (message) => app.log.info(message) },
      });
      dataSources.set(name, source);
      return source;
    },
    breakerState: (name) => dataSources.get(name)?.breakerState(),
    breakerStates: () => [...dataSources].map(([name, source]) => [name, source.breakerState()] as const),
    stats: () => ({
      dedup: config.subgraphDedup,
      bySubgraph: Object.fromEntries([...dataSources].map(([name, source]) => [name, source.stats()])),
    }),
    close: async () => {
      await Promise.all([...dataSources.values()].map((s) => s.close()));
    },
  };
}
