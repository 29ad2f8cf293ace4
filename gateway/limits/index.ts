/**
 * Operation limits, as one seam: what no client can mean and what is too large for the caller,
 * refused before the gateway plans anything. The body size (body-limit.ts) and the token count
 * (token-gate.ts) are checked on the route before Apollo parses; depth, aliases, directives and
 * the cost estimate (measure.ts, list-cost.ts) in the Apollo plugin (plugin.ts); the limit sets
 * themselves, public and internal, in limit-sets.ts.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyRequest, preParsingAsyncHookHandler } from 'fastify';
import { isInternal, viewerOrAnonymous, type RequestViewer } from '../auth/request-viewer';
import type { GatewayConfig } from '../config';
import type { GatewayContext } from '../context';
import { publicBodyLimit } from './body-limit';
import { operationLimitsPlugin } from './plugin';

export interface OperationLimits {
  plugin: ApolloServerPlugin<GatewayContext>;
  /** The /graphql route's preParsing hook: smaller bodies for callers without a verified token. */
  preParsing: preParsingAsyncHookHandler;
  /** The caller's token limit, counted before Apollo parses. */
  maxTokensFor: (request: FastifyRequest) => Promise<number>;
}

export function useOperationLimits(config: GatewayConfig, viewerOf: RequestViewer): OperationLimits {
  const limitsOf = async (request: FastifyRequest) =>
    isInternal(await viewerOrAnonymous(viewerOf, request))
      ? config.operationLimits.internal
      : config.operationLimits.public;
  return {
    plugin: operationLimitsPlugin<GatewayContext>({
      config: config.operationLimits,
      isInternal: (context) => context.viewer !== undefined && isInternal(context.viewer),
    }),
    preParsing: publicBodyLimit(config.publicMaxRequestBytes, async (request) => {
      return (await viewerOrAnonymous(viewerOf, request)).authenticated;
    }),
    maxTokensFor: async (request) => (await limitsOf(request)).tokens,
  };
}
