import type { OperationTypeNode } from 'graphql';
import type { Viewer } from '../subgraphs/shared/platform/auth/viewer';

/** What Apollo found out about a request's operation, for the response cache (see graphql-route.ts). */
export interface OperationFacts {
  operation?: OperationTypeNode;
  /** Whether the answer carries errors (or is not one complete answer); set just before it is sent. */
  errors?: boolean;
}

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
