import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import { createTokenVerifier } from '../subgraphs/shared/auth/token-verifier';
import { createHttpServer, listen } from '../subgraphs/shared/http-server';
import { createErrorMasker } from '../subgraphs/shared/mask-error';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { registerHealthRoutes } from './health';
import { SubgraphDataSource } from './subgraph-data-source';

export interface RunningGateway {
  /** Base URL; GraphQL at `${url}/graphql`. */
  url: string;
  graphqlUrl: string;
  app: FastifyInstance;
  stop(): Promise<void>;
}

/** Short fingerprint of the served supergraph, reported by /ready. */
export function schemaVersion(supergraphSdl: string): string {
  return createHash('sha256').update(supergraphSdl).digest('hex').slice(0, 12);
}

/**
 * Starts the Apollo gateway on the composed supergraph artifact. It does not ask the subgraphs
 * for their schemas (runtime introspection is not for production), so it starts even when a
 * subgraph is down; that subgraph's fields then come back null with SUBGRAPH_UNAVAILABLE.
 */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const supergraphSdl = await readFile(config.supergraphPath, 'utf8');
  const app = createHttpServer({ name: 'gateway', logLevel: config.logLevel, maxRequestBytes: config.maxRequestBytes });
  const verifyToken = createTokenVerifier(config.auth);
  const dataSources = new Map<string, SubgraphDataSource>();

  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: app.log,
    buildService: ({ name, url }) => {
      const target = config.subgraphUrls[name] ?? url;
      if (!target) throw new Error(`Subgraph ${name} has no routing URL`);
      const source = new SubgraphDataSource({
        name,
        url: target,
        timeoutMs: config.subgraphTimeoutMs,
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
    schemaVersion: schemaVersion(supergraphSdl),
    subgraphs: () => [...dataSources.entries()].map(([name, source]) => ({ name, url: source.url ?? '' })),
    timeoutMs: Math.min(config.subgraphTimeoutMs, 2000),
  });

  const url = await listen(app, config.port, config.host);
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    app,
    stop: async () => {
      await app.close();
      await Promise.all([...dataSources.values()].map((s) => s.close()));
    },
  };
}
