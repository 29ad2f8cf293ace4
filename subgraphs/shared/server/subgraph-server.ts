import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import {
  createGatewayCredentialCheck,
  GATEWAY_CREDENTIAL_HEADER,
  gatewayTrustFromEnv,
  type GatewayTrust,
} from '../platform/auth/gateway-credential';
import { createTokenVerifier, type TokenVerifier } from '../platform/auth/token-verifier';
import { ErrorCode } from '../platform/errors';
import { createHttpServer, listen } from '../platform/http-server';
import { registerSubgraphMetrics } from './subgraph-metrics';
import { DateTimeScalar, JSONScalar } from './scalars';
import { createErrorMasker } from '../platform/mask-error';
import type { SubgraphContext, SubgraphModule } from './subgraph-module';

export interface SubgraphServerOptions {
  port?: number;
  host?: string;
  logLevel?: string;
  /** Verifies the caller's token; without one every token is refused and reads are anonymous. */
  verifyToken?: TokenVerifier;
  /**
   * Whom GraphQL is answered: callers with the gateway's credential for this subgraph's name
   * (default: from GATEWAY_PUBLIC_KEY, GATEWAY_JWKS_URL, SUBGRAPH_ACCEPT_DIRECT_CALLS). Without a
   * key and without the debug switch every GraphQL request is refused.
   */
  gatewayTrust?: GatewayTrust;
}

/** The one answer a refused caller gets: no reason (that goes to the log), nothing to probe. */
const NOT_FROM_GATEWAY = {
  errors: [
    {
      message: "This subgraph answers only the hub's gateway",
      extensions: { code: ErrorCode.UNAUTHENTICATED },
    },
  ],
};

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
  const credential = createGatewayCredentialCheck(module.name, options.gatewayTrust ?? gatewayTrustFromEnv());
  if (credential.mode === 'open') {
    app.log.warn(
      `${module.name}: SUBGRAPH_ACCEPT_DIRECT_CALLS is on — GraphQL answers any caller, not only the gateway (local debugging only)`,
    );
  } else if (credential.mode === 'closed') {
    app.log.warn(
      `${module.name}: neither GATEWAY_PUBLIC_KEY nor GATEWAY_JWKS_URL is set — every GraphQL request is refused`,
    );
  }
  // Before any route: GraphQL (POST and GET, _service and _entities included) only with the
  // gateway's credential for this subgraph; /health and /ready stay open for probes.
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url !== '/graphql') return;
    const header = request.headers[GATEWAY_CREDENTIAL_HEADER];
    try {
      await credential.check(typeof header === 'string' ? header : undefined);
    } catch (error) {
      request.log.info({ reason: (error as Error).message }, 'call without a valid gateway credential refused');
      return reply.code(401).header('cache-control', 'no-store').send(NOT_FROM_GATEWAY);
    }
  });
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
  // Requests, durations and SQL statements, for operators (see subgraph-metrics.ts).
  registerSubgraphMetrics(app, { db, verifyToken });
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
