import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as jose from 'jose';

/**
 * The gateway credential: a short-lived JWT the gateway signs (Ed25519) and sends on every
 * subgraph call, so that a subgraph answers the hub's gateway and nobody else — not a local
 * process, not a scanner that found a Land's subgraph port. Asymmetric, so a subgraph (a Land's
 * too, run elsewhere) holds only the public key and cannot mint credentials itself.
 */
export const GATEWAY_CREDENTIAL_HEADER = 'x-hub-gateway-credential';
export const GATEWAY_CREDENTIAL_ISSUER = 'integration-hub-gateway';
export const GATEWAY_CREDENTIAL_ALGORITHM = 'EdDSA';
/** Where the gateway serves its public key for subgraphs that fetch it (GATEWAY_JWKS_URL). */
export const GATEWAY_JWKS_PATH = '/.well-known/hub-gateway-jwks.json';
/** A credential lives a minute; the gateway mints a new one per subgraph after half of that. */
export const DEFAULT_CREDENTIAL_SECONDS = 60;
/** Clock difference between the gateway's and a subgraph's machine that is still accepted. */
const CLOCK_TOLERANCE_SECONDS = 15;
/** No credential is accepted longer than this after it was issued, whatever its exp says. */
const MAX_CREDENTIAL_AGE_SECONDS = 300;

/** An Ed25519 key pair as PEM: PKCS8 for the gateway, SPKI for the subgraphs. */
export interface GatewayKeys {
  privateKey: string;
  publicKey: string;
}

export function generateGatewayKeys(): GatewayKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** A PEM from an env variable: `\n` written as two characters (docker env files) is a newline. */
function pemFromEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const inline = env[name]?.trim();
  if (inline) return inline.replace(/\\n/g, '\n');
  const file = env[`${name}_FILE`]?.trim();
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${name}_FILE: cannot read ${file}: ${(error as Error).message}`);
  }
}

/** GATEWAY_SIGNING_KEY (PKCS8 PEM) or GATEWAY_SIGNING_KEY_FILE: the gateway's private key. */
export function gatewaySigningKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return pemFromEnv(env, 'GATEWAY_SIGNING_KEY');
}

function ed25519(key: KeyObject, variable: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`${variable} must be an Ed25519 key, got ${key.asymmetricKeyType ?? 'a symmetric key'}`);
  }
  return key;
}

function parseKey<T>(parse: () => T, variable: string, kind: string): T {
  try {
    return parse();
  } catch (error) {
    throw new Error(`${variable} is not a ${kind} PEM: ${(error as Error).message}`);
  }
}

export interface GatewayCredentialSigner {
  /** The header for one call to `subgraph`; cached, so the hot path signs about once per 30 s. */
  headers(subgraph: string): Record<string, string> | Promise<Record<string, string>>;
  /** The public key as a JWK set, served by the gateway at GATEWAY_JWKS_PATH. */
  jwks(): jose.JSONWebKeySet;
}

interface Minted {
  headers: Record<string, string>;
  renewAt: number;
}

/** Signs gateway credentials with the gateway's Ed25519 private key (PKCS8 PEM). */
export async function createGatewayCredentialSigner(
  privateKeyPem: string,
  options: { lifetimeSeconds?: number; now?: () => number } = {},
): Promise<GatewayCredentialSigner> {
  const privateKey = ed25519(
    parseKey(() => createPrivateKey(privateKeyPem), 'GATEWAY_SIGNING_KEY', 'PKCS8'),
    'GATEWAY_SIGNING_KEY',
  );
  const publicJwk = await jose.exportJWK(createPublicKey(privateKey));
  const kid = await jose.calculateJwkThumbprint(publicJwk);
  const jwks: jose.JSONWebKeySet = { keys: [{ ...publicJwk, kid, alg: GATEWAY_CREDENTIAL_ALGORITHM, use: 'sig' }] };
  const lifetime = options.lifetimeSeconds ?? DEFAULT_CREDENTIAL_SECONDS;
  const now = options.now ?? Date.now;
  const minted = new Map<string, Minted>();
  const minting = new Map<string, Promise<Record<string, string>>>();

  const mint = async (subgraph: string): Promise<Record<string, string>> => {
    const issuedAt = Math.floor(now() / 1000);
    const credential = await new jose.SignJWT({})
      .setProtectedHeader({ alg: GATEWAY_CREDENTIAL_ALGORITHM, kid, typ: 'JWT' })
      .setIssuer(GATEWAY_CREDENTIAL_ISSUER)
      .setAudience(subgraph)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + lifetime)
      .sign(privateKey);
    const headers = { [GATEWAY_CREDENTIAL_HEADER]: credential };
    // Renewed at half its life, so a credential in flight never arrives expired.
    minted.set(subgraph, { headers, renewAt: (issuedAt + lifetime / 2) * 1000 });
    return headers;
  };

  return {
    jwks: () => jwks,
    headers: (subgraph) => {
      const cached = minted.get(subgraph);
      if (cached && now() < cached.renewAt) return cached.headers;
      let pending = minting.get(subgraph);
      if (!pending) {
        pending = mint(subgraph).finally(() => minting.delete(subgraph));
        minting.set(subgraph, pending);
      }
      return pending;
    },
  };
}

/** How a subgraph decides whom it answers. */
export interface GatewayTrust {
  /** The gateway's Ed25519 public key (SPKI PEM). */
  publicKey?: string | undefined;
  /** Or where to fetch it (the gateway serves it at GATEWAY_JWKS_PATH). */
  jwksUrl?: string | undefined;
  /** Local debugging only: answer every caller, credential or not. */
  acceptDirectCalls?: boolean | undefined;
}

function isOn(raw: string | undefined, name: string): boolean {
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === '' || ['off', 'false', '0', 'no'].includes(value)) return false;
  if (['on', 'true', '1', 'yes'].includes(value)) return true;
  throw new Error(`${name} must be on or off, got "${raw}"`);
}

/** GATEWAY_PUBLIC_KEY (or _FILE), GATEWAY_JWKS_URL and SUBGRAPH_ACCEPT_DIRECT_CALLS. */
export function gatewayTrustFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayTrust {
  return {
    publicKey: pemFromEnv(env, 'GATEWAY_PUBLIC_KEY'),
    jwksUrl: env['GATEWAY_JWKS_URL']?.trim() || undefined,
    acceptDirectCalls: isOn(env['SUBGRAPH_ACCEPT_DIRECT_CALLS'], 'SUBGRAPH_ACCEPT_DIRECT_CALLS'),
  };
}

/** Why a call was refused: for the subgraph's log only, the caller learns nothing of it. */
export class CredentialRefused extends Error {
  override name = 'CredentialRefused';
}

export interface GatewayCredentialCheck {
  /** `verify`: a credential is checked; `open`: the debug switch is on; `closed`: no key, all refused. */
  mode: 'verify' | 'open' | 'closed';
  /** Resolves when the header carries a valid credential for this subgraph; CredentialRefused otherwise. */
  check(header: string | undefined): Promise<void>;
}

/** The check one subgraph (by its registered name: the credential's audience) runs on every call. */
export function createGatewayCredentialCheck(subgraph: string, trust: GatewayTrust): GatewayCredentialCheck {
  if (trust.acceptDirectCalls) return { mode: 'open', check: async () => undefined };
  const key: jose.KeyLike | ReturnType<typeof jose.createRemoteJWKSet> | undefined = trust.publicKey
    ? ed25519(
        parseKey(() => createPublicKey(trust.publicKey as string), 'GATEWAY_PUBLIC_KEY', 'SPKI'),
        'GATEWAY_PUBLIC_KEY',
      )
    : trust.jwksUrl
      ? jose.createRemoteJWKSet(new URL(trust.jwksUrl), { timeoutDuration: 5000 })
      : undefined;
  if (!key) {
    return {
      mode: 'closed',
      check: async () => {
        throw new CredentialRefused('no gateway key configured (GATEWAY_PUBLIC_KEY or GATEWAY_JWKS_URL)');
      },
    };
  }
  const options: jose.JWTVerifyOptions = {
    issuer: GATEWAY_CREDENTIAL_ISSUER,
    audience: subgraph,
    algorithms: [GATEWAY_CREDENTIAL_ALGORITHM],
    requiredClaims: ['exp', 'iat'],
    maxTokenAge: MAX_CREDENTIAL_AGE_SECONDS,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  };
  return {
    mode: 'verify',
    check: async (header) => {
      if (!header) throw new CredentialRefused(`no ${GATEWAY_CREDENTIAL_HEADER} header`);
      try {
        // Both overloads accept either key kind; the union is resolved at run time.
        await jose.jwtVerify(header, key as jose.KeyLike, options);
      } catch (error) {
        const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'invalid';
        throw new CredentialRefused(`credential refused: ${code} ${(error as Error).message}`);
      }
    },
  };
}
