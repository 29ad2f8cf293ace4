import { GraphQLError } from 'graphql';
import * as jose from 'jose';
import { ErrorCode } from '../errors';
import { ANONYMOUS, viewerFromClaims, type Viewer } from './viewer';

export const DEFAULT_ISSUER = 'integration-hub';
export const DEFAULT_AUDIENCE = 'integration-hub';
/** The only algorithm of a shared secret unless JWT_ALGORITHMS says otherwise. */
export const DEFAULT_SECRET_ALGORITHMS = ['HS256'] as const;
/** What identity providers sign with; `none` and the HMAC family are never taken from a JWKS. */
export const DEFAULT_JWKS_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;
const SECRET_ALGORITHMS = new Set(['HS256', 'HS384', 'HS512']);
const JWKS_ALGORITHMS = new Set([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
]);
/** A token valid for longer than this from now is refused: a leaked one must not live for years. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

export interface AuthConfig {
  /** HS256 shared secret (at least 32 characters). */
  secret?: string | undefined;
  /** A JWKS endpoint for asymmetric keys (RS256, ES256, …); used instead of the secret. */
  jwksUrl?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
  /** The accepted `alg` values (JWT_ALGORITHMS); default HS256 with a secret, RS256/ES256/EdDSA with JWKS. */
  algorithms?: readonly string[] | undefined;
  /** Longest accepted time from now to a token's `exp` (JWT_MAX_LIFETIME_SECONDS; 0: no bound). */
  maxLifetimeSeconds?: number | undefined;
}

/** Reads JWT_SECRET, JWKS_URL, JWT_ISSUER, JWT_AUDIENCE, JWT_ALGORITHMS and JWT_MAX_LIFETIME_SECONDS. */
export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const algorithms = env['JWT_ALGORITHMS']
    ?.split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const lifetime = env['JWT_MAX_LIFETIME_SECONDS']?.trim();
  if (lifetime && !/^\d+$/.test(lifetime)) {
    throw new Error(`JWT_MAX_LIFETIME_SECONDS must be a whole number of seconds, got "${lifetime}"`);
  }
  return {
    secret: env['JWT_SECRET'] || undefined,
    jwksUrl: env['JWKS_URL'] || undefined,
    issuer: env['JWT_ISSUER'] || undefined,
    audience: env['JWT_AUDIENCE'] || undefined,
    ...(algorithms?.length ? { algorithms } : {}),
    ...(lifetime ? { maxLifetimeSeconds: Number(lifetime) } : {}),
  };
}

export type TokenVerifier = (authorization: string | undefined) => Promise<Viewer>;

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

/** The explicit allow-list: only algorithms of the configured key kind, never `none`. */
function allowedAlgorithms(config: AuthConfig): string[] {
  const jwks = config.jwksUrl !== undefined;
  const family = jwks ? JWKS_ALGORITHMS : SECRET_ALGORITHMS;
  const algorithms = [...(config.algorithms ?? (jwks ? DEFAULT_JWKS_ALGORITHMS : DEFAULT_SECRET_ALGORITHMS))];
  for (const alg of algorithms) {
    if (!family.has(alg)) {
      throw new Error(
        `JWT_ALGORITHMS: ${alg} is not allowed with ${jwks ? 'JWKS_URL' : 'JWT_SECRET'} (use ${[...family].join(', ')})`,
      );
    }
  }
  return algorithms;
}

function refusal(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'ERR_JWT_EXPIRED') return 'The token has expired';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (error as { claim?: unknown }).claim === 'exp') {
    return 'The token must carry an expiry (exp)';
  }
  return 'The token is not valid for this hub';
}

/**
 * Verifies `Authorization: Bearer <jwt>` with jose: signature with an allowed algorithm, a
 * required and bounded expiry, issuer and audience. No header means an anonymous reader; a
 * header that does not verify is refused outright rather than read as anonymous, so a client
 * never silently loses its rights.
 */
export function createTokenVerifier(config: AuthConfig): TokenVerifier {
  if (config.secret !== undefined && config.secret.length < 32) {
    throw new Error('JWT_SECRET must be at least 32 characters long');
  }
  const key = config.jwksUrl
    ? jose.createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5000 })
    : config.secret
      ? new TextEncoder().encode(config.secret)
      : undefined;
  const options: jose.JWTVerifyOptions = {
    issuer: config.issuer ?? DEFAULT_ISSUER,
    audience: config.audience ?? DEFAULT_AUDIENCE,
    algorithms: allowedAlgorithms(config),
    requiredClaims: ['exp'],
    clockTolerance: 5,
  };
  const maxLifetime = config.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;

  return async (authorization) => {
    if (authorization === undefined || authorization === '') return ANONYMOUS;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    if (!key) throw unauthenticated('This service accepts no tokens: neither JWT_SECRET nor JWKS_URL is set');
    let payload: jose.JWTPayload;
    try {
      // Both overloads accept either key kind; the union is resolved at run time.
      ({ payload } = await jose.jwtVerify(match[1], key as Uint8Array, options));
    } catch (error) {
      throw unauthenticated(refusal(error));
    }
    if (maxLifetime > 0 && (payload.exp ?? 0) - Date.now() / 1000 > maxLifetime) {
      throw unauthenticated(`The token is valid for too long (at most ${maxLifetime} s from now are accepted)`);
    }
    return viewerFromClaims(payload);
  };
}
