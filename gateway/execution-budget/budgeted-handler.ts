import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { withinBudget, type ExecutionBudget } from './budget';

/** The request as Apollo wants it (as @as-integrations/fastify builds it). */
function graphQLRequestOf(request: FastifyRequest) {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return {
    body: request.body,
    method: request.method.toUpperCase(),
    headers,
    search: new URL(request.url, `${request.protocol}://${request.hostname}/`).search,
  };
}

/**
 * fastifyApolloHandler with an execution budget: the reply is written only from Apollo's
 * finished response, so an answer that comes after the budget ran out (and the request was
 * answered EXECUTION_BUDGET_EXCEEDED) touches nothing.
 */
export function budgetedApolloHandler<C extends BaseContext>(
  apollo: ApolloServer<C>,
  options: {
    context: (request: FastifyRequest) => Promise<C>;
    budget: ExecutionBudget;
    isMutation: (request: FastifyRequest) => boolean;
  },
) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const response = await withinBudget(
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: graphQLRequestOf(request),
        context: () => options.context(request),
      }),
      options.budget,
      () => options.isMutation(request),
    );
    for (const [key, value] of response.headers) void reply.header(key, value);
    void reply.code(response.status ?? 200);
    if (response.body.kind === 'complete') return response.body.string;
    return reply.send(Readable.from(response.body.asyncIterator));
  };
}
