import type { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import { createErrorMasker } from '../subgraphs/shared/platform/mask-error';
import { approximateSize, BoundedStore } from './bounded-store';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { operationFactsPlugin } from './operation-facts';

/** Automatic persisted queries: registered query texts, bounded, kept until evicted. */
export function persistedQueryStore(config: GatewayConfig): BoundedStore<string> | undefined {
  return config.persistedQueries.enabled
    ? new BoundedStore<string>(config.persistedQueries.maxBytes, (query, key) => approximateSize(query) + key.length)
    : undefined;
}

/**
 * Apollo Server on the gateway: errors masked, no landing page (the explorer is at /explorer),
 * and the plugins of the seams that need to see operations (metrics, limits) after the one that
 * records the facts the route decides with.
 */
export function createApolloServer(
  app: FastifyInstance,
  options: {
    gateway: ApolloGateway;
    persistedQueries: BoundedStore<string> | undefined;
    plugins: ApolloServerPlugin<GatewayContext>[];
  },
): ApolloServer<GatewayContext> {
  const { persistedQueries } = options;
  return new ApolloServer<GatewayContext>({
    gateway: options.gateway,
    formatError: createErrorMasker((error) => app.log.error({ err: error }, 'request failed')),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    persistedQueries: persistedQueries ? { cache: persistedQueries, ttl: null } : false,
    plugins: [
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginLandingPageDisabled(),
      operationFactsPlugin,
      ...options.plugins,
    ],
  });
}
