import { authConfigFromEnv } from '../shared/platform/auth/token-verifier';
import { MAX_PAGE_SIZE } from '../shared/platform/page-size';
import { wholeNumberFromEnv } from '../shared/platform/env-number';
import { internalTokenProvider } from './internal-token';

/** Where the analytics subgraph reads the catalogue when nobody tells it otherwise. */
export const DEFAULT_GATEWAY_URL = 'http://localhost:4000/graphql';
export const DEFAULT_REFRESH_SECONDS = 300;
export const DEFAULT_GATEWAY_TIMEOUT_MS = 30_000;
export const DEFAULT_QUERY_TIMEOUT_MS = 4000;

export interface AnalyticsConfig {
  /** The gateway's GraphQL endpoint; the index is read through it like any client reads. */
  gatewayUrl: string;
  /** Seconds between automatic refreshes; 0 turns them off (refreshAnalytics still works). */
  refreshSeconds: number;
  /** Longest wait for one call to the gateway (one page of one list). */
  timeoutMs: number;
  /** Items per page when paging through the gateway's lists (the hub's page-size cap). */
  pageSize: number;
  /** Calls to the gateway in flight at the same time during a refresh. */
  concurrency: number;
  /**
   * Longest an overlapCandidates comparison may run; it grows with the square of the measures
   * per level. Keep it below the gateway's SUBGRAPH_TIMEOUT_MS, which gives up on it anyway.
   */
  queryTimeoutMs: number;
  /**
   * The refresh's token towards the gateway (role `internal`): ANALYTICS_GATEWAY_TOKEN as given,
   * else minted with JWT_SECRET; none without either (the refresh then reads with public limits).
   */
  gatewayToken?: (() => Promise<string | undefined>) | undefined;
}

/**
 * ANALYTICS_GATEWAY_URL, ANALYTICS_REFRESH_SECONDS (0 = off), ANALYTICS_GATEWAY_TIMEOUT_MS and
 * ANALYTICS_QUERY_TIMEOUT_MS.
 */
export function analyticsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AnalyticsConfig {
  const timeoutMs = wholeNumberFromEnv(env, 'ANALYTICS_GATEWAY_TIMEOUT_MS', DEFAULT_GATEWAY_TIMEOUT_MS, 0);
  const givenToken = env['ANALYTICS_GATEWAY_TOKEN'];
  const auth = authConfigFromEnv(env);
  const gatewayToken = givenToken
    ? () => Promise.resolve(givenToken)
    : auth.secret
      ? internalTokenProvider(auth)
      : undefined;
  return {
    gatewayUrl: env['ANALYTICS_GATEWAY_URL'] || DEFAULT_GATEWAY_URL,
    refreshSeconds: wholeNumberFromEnv(env, 'ANALYTICS_REFRESH_SECONDS', DEFAULT_REFRESH_SECONDS, 0),
    timeoutMs: timeoutMs > 0 ? timeoutMs : DEFAULT_GATEWAY_TIMEOUT_MS,
    pageSize: MAX_PAGE_SIZE,
    concurrency: 4,
    queryTimeoutMs:
      wholeNumberFromEnv(env, 'ANALYTICS_QUERY_TIMEOUT_MS', DEFAULT_QUERY_TIMEOUT_MS, 0) || DEFAULT_QUERY_TIMEOUT_MS,
    ...(gatewayToken ? { gatewayToken } : {}),
  };
}
