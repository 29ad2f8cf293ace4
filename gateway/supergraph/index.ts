/**
 * The supergraph the gateway serves, as one seam (Apollo gateway's supergraph manager): the
 * composed artifact read from disk and swapped without a restart when it changes (hot-reload.ts),
 * and Apollo's gateway on it with a bounded store of query plans.
 */
import { ApolloGateway, type ServiceEndpointDefinition } from '@apollo/gateway';
import type { GraphQLDataSource } from '@apollo/gateway';
import type { QueryPlan } from '@apollo/query-planner';
import type { FastifyInstance } from 'fastify';
import { approximateSize, BoundedStore } from '../bounded-store';
import type { GatewayConfig } from '../config';
import { SupergraphFile, type SupergraphStatus } from './hot-reload';

export { schemaVersion, subgraphRoutes, SupergraphFile, type SubgraphRoute, type SupergraphStatus } from './hot-reload';

export interface Supergraph {
  gateway: ApolloGateway;
  /** Which artifact is served, since when, and why the last one was refused (for /ready). */
  status: () => SupergraphStatus;
  queryPlans: BoundedStore<QueryPlan>;
}

export function useSupergraph(
  config: GatewayConfig,
  app: FastifyInstance,
  options: {
    buildService: (definition: ServiceEndpointDefinition) => GraphQLDataSource;
    /** A new schema was loaded (a Land joined, a field changed). */
    onSchemaChange: () => void;
  },
): Supergraph {
  const queryPlans = new BoundedStore<QueryPlan>(config.queryPlanCacheMaxBytes, (plan) => approximateSize(plan));
  const file = new SupergraphFile(config.supergraphPath, {
    info: (message) => app.log.info(message),
    error: (message) => app.log.error(message),
  });
  const gateway = new ApolloGateway({
    supergraphSdl: file.manager(),
    logger: app.log,
    // Plans are cached per operation and schema; a new supergraph empties the store.
    queryPlannerConfig: { cache: queryPlans },
    buildService: options.buildService,
  });
  gateway.onSchemaLoadOrUpdate(() => options.onSchemaChange());
  return { gateway, status: () => file.status, queryPlans };
}
