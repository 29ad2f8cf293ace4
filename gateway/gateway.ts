import './plain-federation-exports';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { QueryPlan } from '@apollo/query-planner';
import type { FastifyInstance } from 'fastify';
import { createTokenVerifier } from '../subgraphs/shared/auth/token-verifier';
import { createHttpServer, listen } from '../subgraphs/shared/http-server';
import { createErrorMasker } from '../subgraphs/shared/mask-error';
import { approximateSize, BoundedStore } from './bounded-store';
import { ChangeListener } from './change-listener';
import { envKey, type GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { operationFactsPlugin, registerGraphQLRoute } from './graphql-route';
import { registerHealthRoutes } from './health';
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
  const dataSources = new Map<string, SubgraphDataSource>();
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
    plugins: [fastifyApolloDrainPlugin(app), ApolloServerPluginLandingPageDisabled(), operationFactsPlugin],
  });
  await changes?.start();
  try {
    await apollo.start();
  } catch (error) {
    await changes?.stop();
    throw error;
  }
  registerGraphQLRoute(app, {
    apollo,
    cache: responseCache,
    context: async (request) => {
      const authorization = request.headers.authorization;
      // A bad token is refused here with 401 before any subgraph is asked; a good one is passed on.
      await verifyToken(authorization);
      return {
        requestId: request.id,
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
  registerStatsRoute(app, stats);
  registerHealthRoutes(app, {
    supergraph: () => supergraph.status,
    subgraphUrl: (name, url) => config.subgraphUrls[name] ?? url,
    timeoutMs: Math.min(config.subgraphTimeoutMs, 2000),
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
