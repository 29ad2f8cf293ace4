import { GraphQLError } from 'graphql';
import * as jose from 'jose';
import { ErrorCode } from '../errors';
import { ANONYMOUS, viewerFromClaims, type Viewer } from './viewer';

export const DEFAULT_ISSUER = 'integration-hub';
export const DEFAULT_AUDIENCE = 'integration-hub';

export interface AuthConfig {
  /** HS256 shared secret (at least 32 characters). */
  secret?: string | undefined;
  /** A JWKS endpoint for asymmetric keys (RS256, ES256, …); used instead of the secret. */
  jwksUrl?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
}

/** Reads JWT_SECRET, JWKS_URL, JWT_ISSUER and JWT_AUDIENCE. */
export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  return {
    secret: env['JWT_SECRET'] || undefined,
    jwksUrl: env['JWKS_URL'] || undefined,
    issuer: env['JWT_ISSUER'] || undefined,
    audience: env['JWT_AUDIENCE'] || undefined,
  };
}

export type TokenVerifier = (authorization: string | undefined) => Promise<Viewer>;

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

/**
 * Verifies `Authorization: Bearer <jwt>` with jose: signature, expiry, issuer and audience.
 * No header means an anonymous reader; a header that does not verify is refused outright rather
 * than read as anonymous, so a client never silently loses its rights.
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
  const options = { issuer: config.issuer ?? DEFAULT_ISSUER, audience: config.audience ?? DEFAULT_AUDIENCE };

  return async (authorization) => {
    if (authorization === undefined || authorization === '') return ANONYMOUS;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    if (!key) throw unauthenticated('This service accepts no tokens: neither JWT_SECRET nor JWKS_URL is set');
    let payload: Record<string, unknown>;
    try {
      // Both overloads accept either key kind; the union is resolved at run time.
      ({ payload } = await jose.jwtVerify(match[1], key as Uint8Array, options));
    } catch (error) {
      const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
      throw unauthenticated(
        code === 'ERR_JWT_EXPIRED' ? 'The token has expired' : 'The token is not valid for this hub',
      );
    }
    return viewerFromClaims(payload);
  };
}
