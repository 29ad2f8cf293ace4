import * as jose from 'jose';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, type AuthConfig } from './token-verifier';
import type { Role } from './viewer';

export interface TokenClaims {
  sub: string;
  name?: string;
  roles: Role[];
  ressort?: string;
  ars?: string;
  institute?: string;
  formats?: string[];
}

/** Signs an HS256 token the hub accepts (for local use and tests; production tokens come from an IdP). */
export async function mintToken(config: AuthConfig, claims: TokenClaims, expiresIn = '8h'): Promise<string> {
  if (!config.secret)
    throw new Error('Minting needs JWT_SECRET (with JWKS_URL, tokens come from your identity provider)');
  return new jose.SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setIssuer(config.issuer ?? DEFAULT_ISSUER)
    .setAudience(config.audience ?? DEFAULT_AUDIENCE)
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(config.secret));
}
