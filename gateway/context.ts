/** What the gateway keeps per request and hands to every subgraph call. */
export interface GatewayContext {
  requestId: string;
  /** The caller's Authorization header, passed on so every subgraph can verify it itself. */
  authorization?: string;
  logError?: (message: string, error: unknown) => void;
}
