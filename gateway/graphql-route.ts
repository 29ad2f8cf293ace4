import type { ApolloServer } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest, preParsingAsyncHookHandler } from 'fastify';
import { OperationTypeNode } from 'graphql';
import type { GatewayContext } from './context';
import { budgetedApolloHandler, type ExecutionBudget } from './execution-budget';
import { tokenLimitRefusal } from './limits/token-gate';
import { variablesDepthRefusal } from './limits/variables';
import { startOperationFacts, type OperationFacts } from './operation-facts';
import { CACHE_HEADER, type CacheTicket, type HttpCaching, type ResponseCacheHooks } from './response-cache';

interface RequestState {
  facts: OperationFacts;
  /** Absent when RESPONSE_CACHE=off. */
  ticket?: CacheTicket;
}

export interface GraphQLRouteOptions {
  apollo: ApolloServer<GatewayContext>;
  /** Builds the context of one request (verifies the token); `facts` is filled in by the route. */
  context: (request: FastifyRequest) => Promise<Omit<GatewayContext, 'facts'>>;
  /** The response cache's points on the route; absent when RESPONSE_CACHE=off. */
  cache: ResponseCacheHooks | undefined;
  /** Cache-Control, Vary, ETag and 304 as the answer leaves (response-cache/http-caching.ts). */
  httpCaching?: HttpCaching;
  /** Runs after a mutation and before its answer is sent (see ResponseCacheSeam). */
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
 * POST and GET /graphql. Public reads are answered from the response cache before Apollo sees
 * them (response-cache/route-hooks.ts). Everything else goes to Apollo, and the onSend hook then
 * has the cache store a public query's error-free answer, or — after a mutation — invalidates
 * before the answer leaves. Last, HTTP caching says what browsers and CDNs may keep of the answer
 * (a hit's too) and turns it into a 304 when the client already has it.
 */
export function registerGraphQLRoute(app: FastifyInstance, options: GraphQLRouteOptions): void {
  const { cache } = options;
  const states = new WeakMap<FastifyRequest, RequestState>();

  const preHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    const tooDeep = variablesDepthRefusal(request);
    if (tooDeep) throw tooDeep;
    const looked = cache?.lookup(request, reply);
    if (looked?.hit) return reply.send(looked.hit);
    // Answered by the HTTP error handler: 400 OPERATION_LIMIT_EXCEEDED, before Apollo parses.
    const refusal = options.maxTokensFor ? await tokenLimitRefusal(request, options.maxTokensFor) : undefined;
    if (refusal) throw refusal;
    const facts = startOperationFacts(request);
    states.set(request, looked && cache ? { facts, ticket: cache.ticket(looked.plan) } : { facts });
    return undefined;
  };

  const afterAnswer = async (state: RequestState | undefined, reply: FastifyReply, payload: unknown) => {
    if (!state) return;
    if (state.facts.operation === OperationTypeNode.MUTATION) {
      await options.afterMutation();
      cache?.bypassed(reply);
      return;
    }
    if (cache && state.ticket) cache.afterAnswer(state.ticket, state.facts, reply, payload);
  };

  const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const state = states.get(request);
    await afterAnswer(state, reply, payload);
    if (!options.httpCaching) return payload;
    const fromCache = !state && reply.getHeader(CACHE_HEADER) === 'hit';
    return options.httpCaching.onSend(request, reply, payload, { fromCache, operation: state?.facts });
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
