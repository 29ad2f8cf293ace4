import type { FastifyRequest } from 'fastify';
import type { Viewer } from '../subgraphs/shared/platform/auth/viewer';
import type { RequestViewer } from './auth/request-viewer';
import type { OperationFacts } from './operation-facts';

/** What the gateway keeps per request and hands to every subgraph call. */
export interface GatewayContext {
  requestId: string;
  /** The caller's Authorization header, passed on so every subgraph can verify it itself. */
  authorization?: string;
  logError?: (message: string, error: unknown) => void;
  /** The verified caller (its roles pick the operation limits, see gateway/limits). */
  viewer?: Viewer;
  facts?: OperationFacts;
}

/** Builds the context of one request; `facts` is filled in by the route (graphql-route.ts). */
export function requestContext(viewerOf: RequestViewer) {
  return async (request: FastifyRequest): Promise<Omit<GatewayContext, 'facts'>> => {
    const authorization = request.headers.authorization;
    // A bad token is refused here with 401 before any subgraph is asked; a good one is passed on.
    const viewer = await viewerOf(request);
    return {
      requestId: request.id,
      viewer,
      ...(authorization ? { authorization } : {}),
      logError: (message: string, error: unknown) => request.log.warn({ err: error }, message),
    };
  };
}
