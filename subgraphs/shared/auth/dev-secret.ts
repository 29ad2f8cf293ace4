import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where `npm start` keeps the signing secret it made for local use (next to the embedded data). */
export const DEV_SECRET_PATH = path.resolve(__dirname, '..', '..', '..', '.data', 'jwt-secret');

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
