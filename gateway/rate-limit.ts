import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode } from '../subgraphs/shared/platform/errors';
import { isInternal, viewerOrAnonymous, type RequestViewer } from './auth/request-viewer';

export interface RateLimitConfig {
  enabled: boolean;
  /** Requests per client and minute on /graphql. */
  perMinute: number;
}

/**
 * RATE_LIMIT=off turns it off; RATE_LIMIT_PER_MINUTE (default 600: ten a second, far above what
 * a person in the explorer sends, far below a flood).
 */
export function rateLimitFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimitConfig {
  const switchValue = env['RATE_LIMIT']?.trim().toLowerCase();
  if (switchValue && !['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'].includes(switchValue)) {
    throw new Error(`RATE_LIMIT must be on or off, got "${env['RATE_LIMIT']}"`);
  }
  const raw = env['RATE_LIMIT_PER_MINUTE'];
  const perMinute = raw === undefined || raw === '' ? 600 : Number(raw);
  if (!Number.isInteger(perMinute) || perMinute < 1) {
    throw new Error(`RATE_LIMIT_PER_MINUTE must be a whole number ≥ 1, got "${raw}"`);
  }
  return { enabled: !['off', 'false', '0', 'no'].includes(switchValue ?? 'on'), perMinute };
}

/** The error the HTTP error handler answers with: 429, a GraphQL-style body, Retry-After. */
export class RateLimited extends Error {
  readonly statusCode = 429;
  readonly extensions = { code: ErrorCode.RATE_LIMITED };
  constructor(retryAfterSeconds: number) {
    super(`Too many requests; try again in ${retryAfterSeconds} s`);
    this.name = 'RateLimited';
  }
}

/**
 * A fixed window per client on the routes that opt in (`config: { rateLimit: … }`; see
 * rateLimitRouteConfig): keyed by the token's subject when it verifies, else by the address.
 * Internal callers (role `internal`, the analytics refresh) are not limited.
 */
export async function registerRateLimit(
  app: FastifyInstance,
  config: RateLimitConfig,
  viewer: RequestViewer,
  onLimited?: () => void,
): Promise<void> {
  if (!config.enabled) return;
  await app.register(rateLimit, {
    global: false,
    max: config.perMinute,
    timeWindow: 60_000,
    keyGenerator: async (request: FastifyRequest) => {
      const caller = await viewerOrAnonymous(viewer, request);
      return caller.subject ? `sub:${caller.subject}` : `ip:${request.ip}`;
    },
    allowList: async (request: FastifyRequest) => isInternal(await viewerOrAnonymous(viewer, request)),
    onExceeded: () => onLimited?.(),
    errorResponseBuilder: (_request, context) => new RateLimited(Math.max(1, Math.ceil(context.ttl / 1000))),
  });
}
