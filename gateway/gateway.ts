import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import { createTokenVerifier } from '../subgraphs/shared/auth/token-verifier';
import { createHttpServer, listen } from '../subgraphs/shared/http-server';
import { createErrorMasker } from '../subgraphs/shared/mask-error';
import { envKey, type GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { registerHealthRoutes } from './health';
import { SubgraphDataSource } from './subgraph-data-source';
import { SupergraphFile } from './supergraph-file';
import { registerWebRoutes } from './web-routes';

export interface RunningGateway {
  /** Base URL; GraphQL at `${url}/graphql`. */
  url: string;
  graphqlUrl: string;
  app: FastifyInstance;
  stop(): Promise<void>;
}

/**
 * Starts the Apollo gateway on the composed supergraph artifact and follows changes to it (hot
 * reload). It does not ask the subgraphs for their schemas (runtime introspection is not for
 * production), so it starts even when a subgraph is down; that subgraph's fields then come back
 * null with SUBGRAPH_UNAVAILABLE.
 */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const app = createHttpServer({ name: 'gateway', logLevel: config.logLevel, maxRequestBytes: config.maxRequestBytes });
  const verifyToken = createTokenVerifier(config.auth);
  const dataSources = new Map<string, SubgraphDataSource>();

  const supergraph = new SupergraphFile(config.supergraphPath, {
    info: (message) => app.log.info(message),
    error: (message) => app.log.error(message),
  });
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph.manager(),
    logger: app.log,
    buildService: ({ name, url }) => {
      const target = config.subgraphUrls[name] ?? url;
      if (!target) throw new Error(`Subgraph ${name} has no routing URL`);
      const source = new SubgraphDataSource({
        name,
        url: target,
        timeoutMs: config.subgraphTimeouts[envKey(name)] ?? config.subgraphTimeoutMs,
        writeTimeoutMs: config.subgraphWriteTimeoutMs,
        maxSockets: config.maxSocketsPerSubgraph,
      });
      dataSources.set(name, source);
      return source;
    },
  });

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: createErrorMasker((error) => app.log.error({ err: error }, 'request failed')),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    plugins: [fastifyApolloDrainPlugin(app), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
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
  });
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
    stop: async () => {
      await app.close();
      // Stops the gateway too, which closes the watcher on the supergraph artifact.
      await apollo.stop();
      await Promise.all([...dataSources.values()].map((s) => s.close()));
    },
  };
}
