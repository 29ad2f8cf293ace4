import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import { createHttpServer, listen } from './http-server';
import { createErrorMasker } from './mask-error';
import type { SubgraphContext, SubgraphModule } from './subgraph-module';

export interface SubgraphServerOptions {
  port?: number;
  host?: string;
  logLevel?: string;
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
  const apollo = new ApolloServer<SubgraphContext<L>>({
    schema: buildSubgraphSchema({
      typeDefs: module.typeDefs,
      // The map is typed with our context; the library's signature is context-agnostic.
      resolvers: module.resolvers as GraphQLResolverMap<unknown>,
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
    context: async (request) => ({ db, loaders: module.createLoaders(db), requestId: request.id }),
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
