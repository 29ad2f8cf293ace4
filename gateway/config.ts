import { availableParallelism } from 'node:os';
import { readRegistry, routingUrlEnvName, SUPERGRAPH_PATH } from '../schema/registry';
import { authConfigFromEnv, type AuthConfig } from '../subgraphs/shared/platform/auth/token-verifier';
import { gatewaySigningKeyFromEnv } from '../subgraphs/shared/platform/auth/gateway-credential';
import { maxRequestBytesFromEnv } from '../subgraphs/shared/platform/http-server';
import { executionBudgetFromEnv, type ExecutionBudget } from './execution-budget';
import { publicMaxRequestBytesFromEnv } from './limits/body-limit';
import { operationLimitsFromEnv, type OperationLimitsConfig } from './limits/limit-sets';
import { wholeNumberFromEnv } from '../subgraphs/shared/platform/env-number';
import { rateLimitFromEnv, type RateLimitConfig } from './rate-limit';
import { httpCachingFromEnv, type HttpCachingConfig } from './response-cache/http-caching';
import { corsFromEnv, type CorsConfig } from './cors';

export interface GatewayConfig {
  port: number;
  host: string;
  /** The composed supergraph artifact the gateway serves. */
  supergraphPath: string;
  /** Per-subgraph URL overrides (name → GraphQL endpoint); the artifact's URLs otherwise. */
  subgraphUrls: Record<string, string>;
  /** Longest wait for any one subgraph call of a query before its fields are given up. */
  subgraphTimeoutMs: number;
  /**
   * Per-subgraph read timeouts from SUBGRAPH_<NAME>_TIMEOUT_MS, keyed by that <NAME> (see
   * envKey), so a subgraph registered later still finds its own.
   */
  subgraphTimeouts: Record<string, number>;
  /**
   * Longest wait for a mutation's subgraph call. Writes (bulk imports above all) take longer than
   * reads, and a write cut off while the subgraph still commits leaves the client unsure.
   */
  subgraphWriteTimeoutMs: number;
  /** Upper bound of open connections to each subgraph. */
  maxSocketsPerSubgraph: number;
  /**
   * Circuit breaker per subgraph: after `failures` timeouts or connection failures in a row its
   * calls fail fast, and its /health is probed every `probeMs` until it answers
   * (SUBGRAPH_BREAKER_FAILURES, 0 turns it off; SUBGRAPH_BREAKER_PROBE_MS).
   */
  subgraphBreaker: { failures: number; probeMs: number };
  /** Subgraphs whose being down leaves /ready at 200 "degraded" (GATEWAY_OPTIONAL_SUBGRAPHS=a,b). */
  optionalSubgraphs: string[];
  logLevel: string;
  /** Largest request body of an authenticated caller (bulk imports send all rows at once). */
  maxRequestBytes: number;
  /** Largest request body of everyone else (MAX_PUBLIC_REQUEST_BYTES, 128 KiB). */
  publicMaxRequestBytes: number;
  /** Depth, aliases, tokens, directives and cost, checked before planning (gateway/limits). */
  operationLimits: OperationLimitsConfig;
  /** Requests per client and minute on /graphql (RATE_LIMIT, RATE_LIMIT_PER_MINUTE). */
  rateLimit: RateLimitConfig;
  /** Browser access from other origins (CORS_ORIGINS: who may send credentials; gateway/cors.ts). */
  cors: CorsConfig;
  /** Longest a request may run (GATEWAY_EXECUTION_BUDGET_MS, GATEWAY_WRITE_EXECUTION_BUDGET_MS). */
  executionBudget: ExecutionBudget;
  /** How tokens are verified (JWT_SECRET or JWKS_URL); the subgraphs verify them again. */
  auth: AuthConfig;
  /**
   * The gateway's Ed25519 private key (PKCS8 PEM, GATEWAY_SIGNING_KEY or GATEWAY_SIGNING_KEY_FILE)
   * that signs the short-lived credential every subgraph call carries; without it the gateway
   * sends none and subgraphs that verify it refuse its calls.
   */
  signingKey?: string | undefined;
  /** OPS_ENDPOINTS_PUBLIC=on: /stats and /metrics without an operator token. */
  opsEndpointsPublic?: boolean | undefined;
  /**
   * The hub's database, only to LISTEN for the subgraphs' change notices (channel hub_changes),
   * which invalidate the response cache on writes that do not pass through this gateway.
   */
  databaseUrl?: string | undefined;
  responseCache: ResponseCacheConfig;
  /** Cache-Control, ETag and 304 for anonymous GET answers (HTTP_CACHE_MAX_AGE_SECONDS). */
  httpCaching: HttpCachingConfig;
  /** Identical concurrent query fetches to one subgraph share one HTTP call. */
  subgraphDedup: boolean;
  persistedQueries: PersistedQueriesConfig;
  /** Upper bound of the query-plan cache (Apollo's approximate size of the stored plans). */
  queryPlanCacheMaxBytes: number;
  /** Gateway processes sharing the port (gateway/main.ts only); 1 runs no cluster. */
  workers: number;
  /**
   * How far V8 lets the heap grow past what survived the last full collection, in percent
   * (gateway/main.ts only). V8 alone grows it up to 4× while collection is cheap, so a process
   * that answers wide queries holds hundreds of MB of garbage; 100 (2×) keeps it near its live
   * size for a little more collector time, with no hard limit that could end the process. 0: V8's
   * own heuristic.
   */
  heapGrowthPercent: number;
}

export interface ResponseCacheConfig {
  enabled: boolean;
  maxBytes: number;
  maxEntries: number;
  /**
   * Writes invalidate at once; this only bounds how long an answer computed from the clock
   * (reviewDue, reviewsDue) may be served. 0: no bound.
   */
  maxAgeSeconds: number;
}

export interface PersistedQueriesConfig {
  enabled: boolean;
  /** Upper bound of the registered query texts kept (least recently used go first). */
  maxBytes: number;
}

const MB = 1024 * 1024;

/** on/off (also true/false, 1/0, yes/no) for the performance switches. */
function switchFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['on', 'true', '1', 'yes'].includes(raw)) return true;
  if (['off', 'false', '0', 'no'].includes(raw)) return false;
  throw new Error(`${name} must be on or off, got "${env[name]}"`);
}

function megabytesFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback * MB;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of MB, got "${raw}"`);
  return Math.round(value * MB);
}

/** GATEWAY_WORKERS: a whole number ≥ 1, or "auto" for one per CPU. */
export function workersFromEnv(env: NodeJS.ProcessEnv, cpus: number = availableParallelism()): number {
  const raw = env['GATEWAY_WORKERS']?.trim();
  if (raw === undefined || raw === '') return 1;
  if (raw.toLowerCase() === 'auto') return Math.max(1, cpus);
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`GATEWAY_WORKERS must be auto or a whole number ≥ 1, got "${raw}"`);
  return value;
}

/** The <NAME> part of SUBGRAPH_<NAME>_URL and SUBGRAPH_<NAME>_TIMEOUT_MS: "land-by" → "LAND_BY". */
export function envKey(subgraph: string): string {
  return subgraph.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** SUBGRAPH_LAND_BY_TIMEOUT_MS=8000 → { LAND_BY: 8000 }. */
function perSubgraphTimeouts(env: NodeJS.ProcessEnv): Record<string, number> {
  const timeouts: Record<string, number> = {};
  for (const name of Object.keys(env)) {
    const match = /^SUBGRAPH_(.+)_TIMEOUT_MS$/.exec(name);
    if (match?.[1]) timeouts[match[1]] = wholeNumberFromEnv(env, name, 0, 0);
  }
  return timeouts;
}

/** Reads the gateway's configuration from the environment (documented in the README). */
export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const subgraphUrls: Record<string, string> = {};
  for (const entry of readRegistry()) {
    const override = env[routingUrlEnvName(entry.name)];
    if (override) subgraphUrls[entry.name] = override;
  }
  return {
    port: wholeNumberFromEnv(env, 'PORT', 4000, 0),
    host: env['HOST'] ?? '127.0.0.1',
    supergraphPath: env['SUPERGRAPH_PATH'] ?? SUPERGRAPH_PATH,
    subgraphUrls,
    subgraphTimeoutMs: wholeNumberFromEnv(env, 'SUBGRAPH_TIMEOUT_MS', 5000, 0),
    subgraphTimeouts: perSubgraphTimeouts(env),
    subgraphWriteTimeoutMs: wholeNumberFromEnv(env, 'SUBGRAPH_WRITE_TIMEOUT_MS', 60_000, 0),
    maxSocketsPerSubgraph: wholeNumberFromEnv(env, 'SUBGRAPH_MAX_SOCKETS', 64, 0),
    subgraphBreaker: {
      failures: wholeNumberFromEnv(env, 'SUBGRAPH_BREAKER_FAILURES', 3, 0),
      probeMs: wholeNumberFromEnv(env, 'SUBGRAPH_BREAKER_PROBE_MS', 1000, 0) || 1,
    },
    optionalSubgraphs: (env['GATEWAY_OPTIONAL_SUBGRAPHS'] ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
    // info: one line per request (subgraphs/shared/platform/request-log.ts); warn hides them.
    logLevel: env['LOG_LEVEL'] ?? 'info',
    maxRequestBytes: maxRequestBytesFromEnv(env),
    publicMaxRequestBytes: publicMaxRequestBytesFromEnv(env),
    operationLimits: operationLimitsFromEnv(env),
    rateLimit: rateLimitFromEnv(env),
    cors: corsFromEnv(env),
    executionBudget: executionBudgetFromEnv(env, wholeNumberFromEnv(env, 'SUBGRAPH_WRITE_TIMEOUT_MS', 60_000, 0)),
    auth: authConfigFromEnv(env),
    signingKey: gatewaySigningKeyFromEnv(env),
    opsEndpointsPublic: switchFromEnv(env, 'OPS_ENDPOINTS_PUBLIC', false),
    databaseUrl: env['DATABASE_URL'] || undefined,
    responseCache: {
      enabled: switchFromEnv(env, 'RESPONSE_CACHE', true),
      maxBytes: megabytesFromEnv(env, 'RESPONSE_CACHE_MAX_MB', 64),
      maxEntries: wholeNumberFromEnv(env, 'RESPONSE_CACHE_MAX_ENTRIES', 10_000, 0) || 1,
      maxAgeSeconds: wholeNumberFromEnv(env, 'RESPONSE_CACHE_MAX_AGE_SECONDS', 300, 0),
    },
    httpCaching: httpCachingFromEnv(env),
    subgraphDedup: switchFromEnv(env, 'SUBGRAPH_DEDUP', true),
    persistedQueries: {
      enabled: switchFromEnv(env, 'PERSISTED_QUERIES', true),
      maxBytes: megabytesFromEnv(env, 'PERSISTED_QUERIES_MAX_MB', 16),
    },
    // Apollo's own default is 30 MiB.
    queryPlanCacheMaxBytes: megabytesFromEnv(env, 'QUERY_PLAN_CACHE_MAX_MB', 30),
    workers: workersFromEnv(env),
    heapGrowthPercent: wholeNumberFromEnv(env, 'GATEWAY_HEAP_GROWTH_PERCENT', 100, 0),
  };
}
