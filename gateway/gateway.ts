import './plain-federation-exports';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { QueryPlan } from '@apollo/query-planner';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createGatewayCredentialSigner } from '../subgraphs/shared/platform/auth/gateway-credential';
import { createTokenVerifier } from '../subgraphs/shared/platform/auth/token-verifier';
import { createHttpServer, listen } from '../subgraphs/shared/platform/http-server';
import { createErrorMasker } from '../subgraphs/shared/platform/mask-error';
import { approximateSize, BoundedStore } from './bounded-store';
import { ChangeListener } from './change-listener';
import { envKey, type GatewayConfig } from './config';
import { registerGatewayJwksRoute } from './gateway-jwks-route';
import type { GatewayContext } from './context';
import { operationFactsPlugin, registerGraphQLRoute } from './graphql-route';
import { registerHealthRoutes } from './health';
import { publicBodyLimit } from './limits/body-limit';
import { operationLimitsPlugin } from './limits/plugin';
import { isInternal, requestViewer, viewerOrAnonymous } from './limits/request-viewer';
import { registerRateLimit } from './rate-limit';
import { GatewayMetrics } from './metrics';
import { requireOperator } from '../subgraphs/shared/platform/auth/operator-guard';
import { ResponseCache } from './response-cache';
import { memoryReport, registerStatsRoute, type GatewayStats } from './stats';
import { SubgraphDataSource } from './subgraph-data-source';
import { SupergraphFile } from './supergraph-file';
import { registerWebRoutes } from './web-routes';

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

/** What a gateway process that is one worker of a cluster gets from the cluster (gateway/cluster.ts). */
export interface ClusterMembership {
  workerId: number;
  /** Resolves once every other worker has emptied its response cache (or could not be reached). */
  invalidateOtherWorkers(): Promise<void>;
}

/**
 * Starts the Apollo gateway on the composed supergraph artifact and follows changes to it (hot
 * reload). It does not ask the subgraphs for their schemas (runtime introspection is not for
 * production), so it starts even when a subgraph is down; that subgraph's fields then come back
 * null with SUBGRAPH_UNAVAILABLE.
 */
export async function startGateway(config: GatewayConfig, cluster?: ClusterMembership): Promise<RunningGateway> {
  const app = createHttpServer({ name: 'gateway', logLevel: config.logLevel, maxRequestBytes: config.maxRequestBytes });
  const verifyToken = createTokenVerifier(config.auth);
  // The caller of a request, verified once for the rate limit, the body limit and the context.
  const viewerOf = requestViewer(verifyToken);
  // The short-lived credential on every subgraph call: subgraphs answer the gateway and nobody else.
  const credentials = config.signingKey ? await createGatewayCredentialSigner(config.signingKey) : undefined;
  if (!credentials) {
    app.log.warn('GATEWAY_SIGNING_KEY is not set: subgraphs that verify the gateway credential refuse its calls');
  }
  const dataSources = new Map<string, SubgraphDataSource>();
  // Prometheus metrics of this gateway instance, served at /metrics.
  const metrics = new GatewayMetrics();
  if (cluster) {
    // Which worker answered: for operators and the cluster tests.
    app.addHook('onSend', async (_request, reply) => {
      void reply.header('x-hub-worker', String(cluster.workerId));
    });
  }

  // Public answers, invalidated by writes (see README, "Performance levers"). With a database
  // URL the cache also hears of writes that bypass this gateway, and is off while it cannot.
  const responseCache = config.responseCache.enabled
    ? new ResponseCache(
        {
          maxBytes: config.responseCache.maxBytes,
          maxEntries: config.responseCache.maxEntries,
          maxAgeMs: config.responseCache.maxAgeSeconds * 1000,
        },
        { available: !config.databaseUrl },
      )
    : undefined;
  const changes =
    responseCache && config.databaseUrl
      ? new ChangeListener({
          databaseUrl: config.databaseUrl,
          onChange: () => responseCache.invalidate(),
          onAvailability: (listening) => responseCache.setAvailable(listening),
          log: { warn: (message) => app.log.warn(message), info: (message) => app.log.info(message) },
        })
      : undefined;

  const queryPlans = new BoundedStore<QueryPlan>(config.queryPlanCacheMaxBytes, (plan) => approximateSize(plan));
  const persistedQueries = config.persistedQueries.enabled
    ? new BoundedStore<string>(config.persistedQueries.maxBytes, (query, key) => approximateSize(query) + key.length)
    : undefined;

  const supergraph = new SupergraphFile(config.supergraphPath, {
    info: (message) => app.log.info(message),
    error: (message) => app.log.error(message),
  });
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph.manager(),
    logger: app.log,
    // Plans are cached per operation and schema; a new supergraph empties the store.
    queryPlannerConfig: { cache: queryPlans },
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
        onCall: metrics.onSubgraphCall,
        ...(credentials ? { callerHeaders: (subgraph: string) => credentials.headers(subgraph) } : {}),
        breaker: config.subgraphBreaker,
        log: { warn: (message) => app.log.warn(message), info: (message) => app.log.info(message) },
      });
      dataSources.set(name, source);
      return source;
    },
  });
  // A new schema can change any answer (a Land joining adds offers); cached ones go.
  gateway.onSchemaLoadOrUpdate(() => responseCache?.invalidate());

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: createErrorMasker((error) => app.log.error({ err: error }, 'request failed')),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    // Automatic persisted queries: registered query texts, bounded, kept until evicted.
    persistedQueries: persistedQueries ? { cache: persistedQueries, ttl: null } : false,
    plugins: [
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginLandingPageDisabled(),
      operationFactsPlugin,
      metrics.plugin,
      // Limits and client mistakes, refused before the operation is planned.
      operationLimitsPlugin<GatewayContext>({
        config: config.operationLimits,
        isInternal: (context) => context.viewer !== undefined && isInternal(context.viewer),
      }),
    ],
  });
  await changes?.start();
  try {
    await apollo.start();
  } catch (error) {
    await changes?.stop();
    throw error;
  }
  // Before the GraphQL route, so that its hooks see every request.
  metrics.register(app, {
    guard: config.opsEndpointsPublic ? undefined : requireOperator(verifyToken, { public: false }),
    breakerStates: () => [...dataSources].map(([name, source]) => [name, source.breakerState()] as const),
  });
  await registerRateLimit(app, config.rateLimit, viewerOf);
  const limitsOf = async (request: FastifyRequest) =>
    isInternal(await viewerOrAnonymous(viewerOf, request))
      ? config.operationLimits.internal
      : config.operationLimits.public;
  registerGraphQLRoute(app, {
    apollo,
    cache: responseCache,
    rateLimited: config.rateLimit.enabled,
    bodyLimit: config.maxRequestBytes,
    preParsing: publicBodyLimit(config.publicMaxRequestBytes, async (request) => {
      return (await viewerOrAnonymous(viewerOf, request)).authenticated;
    }),
    maxTokensFor: async (request) => (await limitsOf(request)).tokens,
    executionBudget: config.executionBudget,
    context: async (request) => {
      const authorization = request.headers.authorization;
      // A bad token is refused here with 401 before any subgraph is asked; a good one is passed on.
      const viewer = await viewerOf(request);
      return {
        requestId: request.id,
        viewer,
        ...(authorization ? { authorization } : {}),
        logError: (message: string, error: unknown) => request.log.warn({ err: error }, message),
      };
    },
    afterMutation: async () => {
      if (!responseCache) return;
      responseCache.invalidate();
      await cluster?.invalidateOtherWorkers();
    },
  });
  const stats = (): GatewayStats => ({
    pid: process.pid,
    worker: cluster?.workerId ?? null,
    responseCache: responseCache
      ? { ...responseCache.stats(), changeFeed: changes?.stats() ?? null }
      : { enabled: false },
    persistedQueries: persistedQueries ? { enabled: true, ...persistedQueries.stats() } : { enabled: false },
    queryPlans: queryPlans.stats(),
    subgraphFetches: {
      dedup: config.subgraphDedup,
      bySubgraph: Object.fromEntries([...dataSources].map(([name, source]) => [name, source.stats()])),
    },
    memory: memoryReport(),
  });
  registerStatsRoute(app, stats, requireOperator(verifyToken, { public: config.opsEndpointsPublic ?? false }));
  if (credentials) registerGatewayJwksRoute(app, credentials);
  registerHealthRoutes(app, {
    supergraph: () => supergraph.status,
    subgraphUrl: (name, url) => config.subgraphUrls[name] ?? url,
    timeoutMs: Math.min(config.subgraphTimeoutMs, 2000),
    optionalSubgraphs: config.optionalSubgraphs,
    breakerState: (name) => dataSources.get(name)?.breakerState(),
    changeFeed: () => changes && { listening: changes.listening },
  });
  // The explorer and the dashboard (web/dist, built by `npm run build:web`).
  await registerWebRoutes(app);

  const url = await listen(app, config.port, config.host);
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    app,
    invalidateResponseCache: () => responseCache?.invalidate(),
    stats,
    stop: async () => {
      await app.close();
      // Stops the gateway too, which closes the watcher on the supergraph artifact.
      await apollo.stop();
      await changes?.stop();
      await Promise.all([...dataSources.values()].map((s) => s.close()));
    },
  };
}
