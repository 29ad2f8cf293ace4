import type { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest, preParsingAsyncHookHandler } from 'fastify';
import { budgetedApolloHandler } from './budgeted-handler';
import type { ExecutionBudget } from './execution-budget';
import { tokenLimitRefusal } from './limits/token-gate';
import { variablesDepthRefusal } from './limits/variables';
import { OperationTypeNode } from 'graphql';
import { planCaching, type CachePlan } from './cache-key';
import type { GatewayContext, OperationFacts } from './context';
import type { ResponseCache } from './response-cache';

export const CACHE_HEADER = 'x-hub-cache';

/** The headers of an answer that describe its body; a hit repeats them. */
const REPLAYED_HEADERS = ['content-type', 'cache-control'];

interface RequestState {
  plan: CachePlan;
  /** The cache's generation when the request arrived (see ResponseCache). */
  generation: number;
  facts: OperationFacts;
}

export interface GraphQLRouteOptions {
  apollo: ApolloServer<GatewayContext>;
  /** Builds the context of one request (verifies the token); `facts` is filled in by the route. */
  context: (request: FastifyRequest) => Promise<Omit<GatewayContext, 'facts'>>;
  /** Absent when RESPONSE_CACHE=off. */
  cache: ResponseCache | undefined;
  /**
   * Runs after a mutation and before its answer is sent: empties this process's cache and, in a
   * cluster, every other worker's, so that the very next read anywhere sees the write.
   */
  afterMutation: () => Promise<void>;
  /** The caller's token limit, checked before Apollo parses (limits/token-gate.ts). */
  maxTokensFor?: (request: FastifyRequest) => Promise<number>;
  /** Largest body of this route (authenticated callers; MAX_REQUEST_BYTES). */
  bodyLimit?: number;
  /** Keeps the bodies of everyone else smaller (limits/body-limit.ts). */
  preParsing?: preParsingAsyncHookHandler;
  /** Whether the rate limit (rate-limit.ts, registered before) applies to this route. */
  rateLimited?: boolean;
  /** Absent: requests run as long as they take. */
  executionBudget?: ExecutionBudget;
}

/**
 * Records in the request's context what Apollo learned about the operation: its type (known
 * only after parsing) and whether the answer carries errors. The route decides with these.
 */
export const operationFactsPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation }) {
        if (contextValue.facts && operation) contextValue.facts.operation = operation.operation;
      },
      async willSendResponse({ contextValue, response }) {
        if (!contextValue.facts) return;
        contextValue.facts.errors =
          response.body.kind !== 'single' || (response.body.singleResult.errors?.length ?? 0) > 0;
      },
    };
  },
};

/** Each request's operation facts, for the metrics (gateway/metrics.ts); absent for cache hits. */
const factsByRequest = new WeakMap<FastifyRequest, OperationFacts>();

export function operationFactsOf(request: FastifyRequest): OperationFacts | undefined {
  return factsByRequest.get(request);
}

/**
 * POST and GET /graphql. Public reads are answered from the response cache before Apollo sees
 * them (no parsing, no planning, no subgraph call): the preHandler hook runs right after Fastify
 * has parsed the JSON body. Everything else goes to Apollo, and the onSend hook then stores a
 * public query's error-free answer, or — after a mutation — invalidates before the answer leaves.
 */
export function registerGraphQLRoute(app: FastifyInstance, options: GraphQLRouteOptions): void {
  const { cache } = options;
  const states = new WeakMap<FastifyRequest, RequestState>();

  const preHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    const tooDeep = variablesDepthRefusal(request);
    if (tooDeep) throw tooDeep;
    const plan: CachePlan = cache?.available === true ? planCaching(request) : { cacheable: false, reason: 'no-cache' };
    if (plan.cacheable && cache) {
      const hit = cache.lookup(plan.key);
      if (hit) {
        void reply.code(200).headers(hit.headers).header(CACHE_HEADER, 'hit');
        return reply.send(hit.body);
      }
    } else {
      cache?.countBypass();
    }
    // Answered by the HTTP error handler: 400 OPERATION_LIMIT_EXCEEDED, before Apollo parses.
    const refusal = options.maxTokensFor ? await tokenLimitRefusal(request, options.maxTokensFor) : undefined;
    if (refusal) throw refusal;
    const facts: OperationFacts = {};
    factsByRequest.set(request, facts);
    states.set(request, { plan, generation: cache?.generation ?? 0, facts });
    return undefined;
  };

  const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const state = states.get(request);
    if (!state) return payload;
    if (state.facts.operation === OperationTypeNode.MUTATION) {
      await options.afterMutation();
      if (cache) void reply.header(CACHE_HEADER, 'bypass');
      return payload;
    }
    if (!cache) return payload;
    const { plan, facts } = state;
    if (!plan.cacheable) {
      void reply.header(CACHE_HEADER, 'bypass');
      return payload;
    }
    void reply.header(CACHE_HEADER, 'miss');
    if (reply.statusCode === 200 && facts.operation === OperationTypeNode.QUERY && facts.errors === false) {
      if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
        const headers: Record<string, string> = {};
        for (const name of REPLAYED_HEADERS) {
          const value = reply.getHeader(name);
          if (typeof value === 'string') headers[name] = value;
        }
        cache.store(plan.key, { body: Buffer.from(payload), headers }, state.generation);
      }
    }
    return payload;
  };

  const context = async (request: FastifyRequest): Promise<GatewayContext> => ({
    ...(await options.context(request)),
    facts: states.get(request)?.facts ?? {},
  });
  app.route({
    method: ['GET', 'POST', 'OPTIONS'],
    url: '/graphql',
    ...(options.bodyLimit !== undefined ? { bodyLimit: options.bodyLimit } : {}),
    ...(options.preParsing ? { preParsing: options.preParsing } : {}),
    ...(options.rateLimited ? { config: { rateLimit: {} } } : {}),
    preHandler,
    onSend,
    handler: options.executionBudget
      ? budgetedApolloHandler(options.apollo, {
          context,
          budget: options.executionBudget,
          isMutation: (request) => states.get(request)?.facts.operation === OperationTypeNode.MUTATION,
        })
      : fastifyApolloHandler(options.apollo, { context }),
  });
}
