import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyRequest } from 'fastify';
import type { OperationTypeNode } from 'graphql';
import type { GatewayContext } from './context';

/** What Apollo found out about a request's operation, for the response cache and the metrics. */
export interface OperationFacts {
  operation?: OperationTypeNode;
  /** Whether the answer carries errors (or is not one complete answer); set just before it is sent. */
  errors?: boolean;
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

/** The facts of a request that goes on to Apollo, empty until the plugin fills them in. */
export function startOperationFacts(request: FastifyRequest): OperationFacts {
  const facts: OperationFacts = {};
  factsByRequest.set(request, facts);
  return facts;
}

export function operationFactsOf(request: FastifyRequest): OperationFacts | undefined {
  return factsByRequest.get(request);
}
