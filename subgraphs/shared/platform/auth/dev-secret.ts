import { createPublicKey, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateGatewayKeys, type GatewayKeys } from './gateway-credential';

const DATA_DIR = path.resolve(__dirname, '..', '..', '..', '..', '.data');

/** Where `npm start` keeps the signing secret it made for local use (next to the embedded data). */
export const DEV_SECRET_PATH = path.join(DATA_DIR, 'jwt-secret');
/** Where `npm start` keeps the gateway's Ed25519 key pair (see gateway-credential.ts). */
export const DEV_GATEWAY_KEYS_DIR = DATA_DIR;

/**
 * For local use only: when JWT_SECRET is not set, `npm start` and `npm run token` share a random
 * secret in .data/jwt-secret, so tokens minted on this machine work and no secret is in the code.
 */
export function readOrCreateDevSecret(file = DEV_SECRET_PATH): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * For local use only: the gateway credential's key pair of this machine, made once into
 * .data/gateway-signing-key.pem (private, mode 0600) and .data/gateway-public-key.pem. `npm start`
 * passes the private key to the gateway (GATEWAY_SIGNING_KEY) and the public key to every
 * subgraph (GATEWAY_PUBLIC_KEY); a Land's subgraph run next to it may read the public file.
 */
export function readOrCreateGatewayKeys(dir = DEV_GATEWAY_KEYS_DIR): GatewayKeys {
  const privateFile = path.join(dir, 'gateway-signing-key.pem');
  const publicFile = path.join(dir, 'gateway-public-key.pem');
  if (existsSync(privateFile)) {
    // The private key decides; the public one is derived from it (and rewritten if missing).
    const privateKey = readFileSync(privateFile, 'utf8');
    const publicKey = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
    if (!existsSync(publicFile)) writeFileSync(publicFile, publicKey, { mode: 0o644 });
    return { privateKey, publicKey };
  }
  mkdirSync(dir, { recursive: true });
  const keys = generateGatewayKeys();
  writeFileSync(privateFile, keys.privateKey, { mode: 0o600 });
  writeFileSync(publicFile, keys.publicKey, { mode: 0o644 });
  return keys;
}

/**
 * The signing key `npm start` made on this machine, if it did: lets the schema tools on the same
 * machine ask a running subgraph for its SDL as the local gateway would. Never creates one.
 */
export function readLocalGatewaySigningKey(dir = DEV_GATEWAY_KEYS_DIR): string | undefined {
  const privateFile = path.join(dir, 'gateway-signing-key.pem');
  return existsSync(privateFile) ? readFileSync(privateFile, 'utf8') : undefined;
}
