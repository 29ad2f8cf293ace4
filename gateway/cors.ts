import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { wholeNumberFromEnv } from '../subgraphs/shared/platform/env-number';
import { REQUEST_ID_HEADER } from '../subgraphs/shared/platform/http-server';
import { CACHE_HEADER } from './response-cache/route-hooks';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: no CORS on this route (read by @fastify/cors; its types do not say so). */
    cors?: false;
  }
}

/** Browser access from other origins (CORS_ORIGINS, CORS_MAX_AGE_SECONDS). */
export interface CorsConfig {
  /**
   * The origins whose pages may call the hub with credentials: a token in `Authorization` (or
   * `credentials: 'include'`). Every other origin reads anonymously, the data being public.
   */
  credentialedOrigins: string[];
  /** How long a browser may reuse a preflight's answer (Access-Control-Max-Age). */
  maxAgeSeconds: number;
}

/** The routes a page on another origin may call; /metrics, /stats and the web pages are not among them. */
export const BROWSER_ROUTES = ['/graphql', '/health', '/ready'];

/**
 * The request headers every origin may send: the JSON content type, Apollo's preflight-forcing
 * headers, Apollo Client's client awareness, a request id, and a conditional GET's validator.
 */
const PUBLIC_REQUEST_HEADERS = [
  'content-type',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  REQUEST_ID_HEADER,
  'if-none-match',
];

/** What a client reads beyond the CORS-safelisted headers (Cache-Control and Content-Type are). */
const EXPOSED_HEADERS = [REQUEST_ID_HEADER, CACHE_HEADER, 'etag', 'retry-after'];

/**
 * An origin as a browser sends it in `Origin`: scheme, host and port only, lower case, no
 * default port. A trailing slash is forgiven; a path, `*`, `null` or another scheme is refused.
 */
function originOf(entry: string): string {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new Error(`CORS_ORIGINS must list origins like https://app.example.org, got "${entry}"`);
  }
  const origin = url.origin;
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || entry.replace(/\/$/, '').toLowerCase() !== origin) {
    throw new Error(`CORS_ORIGINS must list origins (scheme://host[:port], no path), got "${entry}"`);
  }
  return origin;
}

/**
 * CORS_ORIGINS: comma-separated origins allowed to send credentials (empty by default: every
 * origin reads anonymously, none sends a token). `*` is refused — anonymous reads are open to
 * every origin already, and tokens from every page on the web is not what the list is for.
 * CORS_MAX_AGE_SECONDS (600): how long browsers keep a preflight's answer; 0 asks them not to.
 */
export function corsFromEnv(env: NodeJS.ProcessEnv = process.env): CorsConfig {
  const entries = (env['CORS_ORIGINS'] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.includes('*')) {
    throw new Error(
      'CORS_ORIGINS lists the origins that may send credentials; "*" is not allowed (anonymous reads are open to every origin already)',
    );
  }
  return {
    credentialedOrigins: [...new Set(entries.map(originOf))],
    maxAgeSeconds: wholeNumberFromEnv(env, 'CORS_MAX_AGE_SECONDS', 600, 0),
  };
}

/**
 * CORS on the browser routes (BROWSER_ROUTES), answered in the first onRequest hook, so that a
 * preflight never reaches the rate limit, the token check or Apollo (a preflight carries no
 * token). Apollo's CSRF prevention still refuses the actual "simple" requests — those a browser
 * sends without a preflight — unless they carry a preflight-forcing header.
 *
 * - Any origin: `Access-Control-Allow-Origin: *`, the public request headers, no credentials.
 *   An anonymous JSON POST (its content type forces a preflight) passes from everywhere.
 * - A listed origin (CORS_ORIGINS): its origin echoed, `Access-Control-Allow-Credentials: true`
 *   and `authorization` among the allowed headers. An unlisted origin that asks for
 *   `authorization` gets the public headers only, and the browser does not send the request.
 *
 * With an empty list the answer does not depend on the origin (no `Vary: Origin`, so a CDN keeps
 * one copy); with a list every answer says `Vary: Origin`.
 */
export async function registerCors(app: FastifyInstance, config: CorsConfig): Promise<void> {
  // Every other route gets no CORS headers, @fastify/cors's own OPTIONS * route included: the
  // preflights of routes without an OPTIONS method of their own are answered 404. /graphql takes
  // OPTIONS (graphql-route.ts), so its preflights meet this hook; /health and /ready need none
  // (a plain GET is not preflighted).
  app.addHook('onRoute', (route) => {
    if (!BROWSER_ROUTES.includes(route.url)) route.config = { ...route.config, cors: false };
  });
  const anyOrigin = {
    origin: '*',
    methods: ['GET', 'POST'],
    allowedHeaders: PUBLIC_REQUEST_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: config.maxAgeSeconds,
    credentials: false,
  } satisfies FastifyCorsOptions;
  if (config.credentialedOrigins.length === 0) {
    await app.register(cors, anyOrigin);
    return;
  }
  const listed = new Set(config.credentialedOrigins);
  const listedOrigin = (origin: string): FastifyCorsOptions => ({
    ...anyOrigin,
    origin,
    credentials: true,
    allowedHeaders: [...PUBLIC_REQUEST_HEADERS, 'authorization'],
  });
  await app.register(cors, {
    delegator: async (request: FastifyRequest) => {
      const origin = request.headers.origin;
      return origin !== undefined && listed.has(origin) ? listedOrigin(origin) : anyOrigin;
    },
  });
}
