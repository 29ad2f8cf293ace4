import './plain-federation-exports';
import type { FastifyInstance } from 'fastify';
import { createHttpServer, listen } from '../subgraphs/shared/platform/http-server';
import { createApolloServer, persistedQueryStore } from './apollo-server';
import { useAuth } from './auth';
import { tagAnswersWithWorker, type ClusterMembership } from './cluster/membership';
import type { GatewayConfig } from './config';
import { registerCors } from './cors';
import { requestContext } from './context';
import { registerGraphQLRoute } from './graphql-route';
import { useHealth } from './health';
import { useOperationLimits } from './limits';
import { GatewayMetrics } from './metrics';
import { registerRateLimit } from './rate-limit';
import { useResponseCache } from './response-cache';
import { registerStatsRoute, statsReader, type GatewayStats } from './stats';
import { useSubgraphCalls } from './subgraph-calls';
import { useSupergraph } from './supergraph';
import { registerWebRoutes } from './web-routes';

export type { ClusterMembership } from './cluster/membership';

export interface RunningGateway {
  /** Base URL; GraphQL at `${url}/graphql`. */
  url: string;
  graphqlUrl: string;
  app: FastifyInstance;
  /** Empties the response cache (a write elsewhere, e.g. in another worker of a cluster). */
  invalidateResponseCache(): void;
  /** Cache and fetch counters, also served at /stats. */
  stats(): GatewayStats;
  stop(): Promise<void>;
}

/**
 * Starts the Apollo gateway on the composed supergraph artifact and follows changes to it (hot
 * reload, gateway/supergraph). It does not ask the subgraphs for their schemas (runtime
 * introspection is not for production), so it starts even when a subgraph is down; that
 * subgraph's fields then come back null with SUBGRAPH_UNAVAILABLE.
 *
 * Each feature is one seam, a folder or file named for it: each takes the configuration and the
 * app and returns what it adds (hooks, plugin, routes) and its closer. Fastify runs hooks in the
 * order they were added, so the order of the registrations below is part of the behaviour.
 */
export async function startGateway(config: GatewayConfig, cluster?: ClusterMembership): Promise<RunningGateway> {
  const app = createHttpServer({ name: 'gateway', logLevel: config.logLevel, maxRequestBytes: config.maxRequestBytes });
  if (cluster) tagAnswersWithWorker(app, cluster);
  // Before every route and every other seam's hooks: preflights are answered here.
  await registerCors(app, config.cors);
  const auth = await useAuth(config, app);
  // Prometheus metrics of this gateway instance, served at /metrics.
  const metrics = new GatewayMetrics();
  const cache = useResponseCache(config, app, cluster);
  const subgraphs = useSubgraphCalls(config, app, { credentials: auth.credentials, onCall: metrics.onSubgraphCall });
  // A new schema can change any answer (a Land joining adds offers); cached ones go.
  const supergraph = useSupergraph(config, app, {
    buildService: subgraphs.buildService,
    onSchemaChange: cache.invalidate,
  });
  const limits = useOperationLimits(config, auth.viewerOf);
  const persistedQueries = persistedQueryStore(config);
  const apollo = createApolloServer(app, {
    gateway: supergraph.gateway,
    persistedQueries,
    // Limits and client mistakes are refused before the operation is planned.
    plugins: [metrics.plugin, limits.plugin],
  });
  await cache.start();
  try {
    await apollo.start();
  } catch (error) {
    await cache.close();
    throw error;
  }
  // Before the GraphQL route, so that its hooks see every request.
  metrics.register(app, {
    guard: config.opsEndpointsPublic ? undefined : auth.operatorGuard({ public: false }),
    breakerStates: subgraphs.breakerStates,
  });
  await registerRateLimit(app, config.rateLimit, auth.viewerOf);
  registerGraphQLRoute(app, {
    apollo,
    cache: cache.hooks,
    httpCaching: cache.httpCaching,
    afterMutation: cache.afterMutation,
    context: requestContext(auth.viewerOf),
    rateLimited: config.rateLimit.enabled,
    bodyLimit: config.maxRequestBytes,
    preParsing: limits.preParsing,
    maxTokensFor: limits.maxTokensFor,
    executionBudget: config.executionBudget,
  });
  const stats = statsReader({
    worker: cluster?.workerId ?? null,
    responseCache: cache.report,
    persistedQueries,
    queryPlans: supergraph.queryPlans,
    subgraphFetches: subgraphs.stats,
  });
  registerStatsRoute(app, stats, auth.operatorGuard({ public: config.opsEndpointsPublic ?? false }));
  auth.registerJwksRoute();
  useHealth(config, app, {
    supergraph: supergraph.status,
    breakerState: subgraphs.breakerState,
    changeFeed: cache.changeFeed,
  });
  // The explorer and the dashboard (web/dist, built by `npm run build:web`).
  await registerWebRoutes(app);

  const url = await listen(app, config.port, config.host);
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    app,
    invalidateResponseCache: cache.invalidate,
    stats,
    stop: async () => {
      await app.close();
      // Stops the gateway too, which closes the watcher on the supergraph artifact.
      await apollo.stop();
      await cache.close();
      await subgraphs.close();
    },
  };
}
