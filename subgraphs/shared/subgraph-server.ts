import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import { createTokenVerifier, type TokenVerifier } from './auth/token-verifier';
import { createHttpServer, listen } from './http-server';
import { DateTimeScalar, JSONScalar } from './scalars';
import { createErrorMasker } from './mask-error';
import type { SubgraphContext, SubgraphModule } from './subgraph-module';

export interface SubgraphServerOptions {
  port?: number;
  host?: string;
  logLevel?: string;
  /** Verifies the caller's token; without one every token is refused and reads are anonymous. */
  verifyToken?: TokenVerifier;
}

export interface RunningSubgraph {
  name: string;
  /** Base URL; GraphQL is served at `${url}/graphql`. */
  url: string;
  graphqlUrl: string;
  app: FastifyInstance;
  stop(): Promise<void>;
}

/** Serves one subgraph over HTTP: GraphQL at /graphql, liveness at /health, readiness at /ready. */
export async function startSubgraphServer<L>(
  module: SubgraphModule<L>,
  db: DataSource,
  options: SubgraphServerOptions = {},
): Promise<RunningSubgraph> {
  const app = createHttpServer({ name: module.name, logLevel: options.logLevel });
  const verifyToken = options.verifyToken ?? createTokenVerifier({});
  const apollo = new ApolloServer<SubgraphContext<L>>({
    schema: buildSubgraphSchema({
      typeDefs: module.typeDefs,
      // The scalars every subgraph's schema declares through schema/vocabulary.graphql.
      resolvers: { DateTime: DateTimeScalar, JSON: JSONScalar, ...module.resolvers },
    }),
    formatError: createErrorMasker((error) => app.log.error({ err: error }, 'resolver failed')),
    includeStacktraceInErrorResponses: false,
    // No Apollo Studio here, so the gateway gets no per-field traces (ftv1) it would not use.
    plugins: [
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
    ],
  });
  await apollo.start();
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    context: async (request) => {
      // Each subgraph checks the token itself: calling it directly grants nothing extra.
      const viewer = await verifyToken(request.headers.authorization);
      return { db, viewer, loaders: module.createLoaders(db, viewer), requestId: request.id };
    },
  });
  app.get('/health', async () => ({ status: 'ok', subgraph: module.name }));
  app.get('/ready', async (_request, reply) => {
    try {
      await db.query('SELECT 1');
      return { status: 'ready', subgraph: module.name };
    } catch {
      return reply.code(503).send({ status: 'unavailable', subgraph: module.name, reason: 'database' });
    }
  });
  const url = await listen(app, options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    name: module.name,
    url,
    graphqlUrl: `${url}/graphql`,
    app,
    stop: async () => {
      await app.close();
    },
  };
}
