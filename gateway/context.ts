/** What the gateway keeps per request and hands to every subgraph call. */
export interface GatewayContext {
  requestId: string;
  logError?: (message: string, error: unknown) => void;
}
