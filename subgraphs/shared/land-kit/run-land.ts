import path from 'node:path';
import { REPO_ROOT } from '../../../schema/registry';
import { readOrCreateDevSecret, readOrCreateGatewayKeys } from '../platform/auth/dev-secret';
import { runStandalone } from '../server/run-standalone';
import type { LandSubgraph } from './land-subgraph';

/**
 * Runs a Land's subgraph alone (`npm run start:land-<namespace>`). Defaults from its land.ts: its
 * own port, and its own embedded PostgreSQL in .data/land-<namespace>-postgres unless
 * DATABASE_URL is set. Tokens: JWT_SECRET or JWKS_URL as for the hub; without either it uses the
 * local secret of `npm start` (.data/jwt-secret), so tokens from `npm run token` work here too.
 * GraphQL answers only the hub's gateway: GATEWAY_PUBLIC_KEY (or _FILE) or GATEWAY_JWKS_URL; without
 * either the public key of the local `npm start` (.data/gateway-public-key.pem) is used, so the
 * local gateway may call it. SUBGRAPH_ACCEPT_DIRECT_CALLS=on answers any caller (debugging only).
 */
export function runLand(subgraph: LandSubgraph): void {
  const { land } = subgraph;
  const env: NodeJS.ProcessEnv = {
    PORT: String(land.port),
    PGDATA_DIR: path.join(REPO_ROOT, '.data', `${land.subgraphName}-postgres`),
    EMBEDDED_PG_PORT: String(land.embeddedPgPort),
    ...process.env,
  };
  if (!env['JWT_SECRET'] && !env['JWKS_URL']) env['JWT_SECRET'] = readOrCreateDevSecret();
  if (!env['GATEWAY_PUBLIC_KEY'] && !env['GATEWAY_PUBLIC_KEY_FILE'] && !env['GATEWAY_JWKS_URL']) {
    env['GATEWAY_PUBLIC_KEY'] = readOrCreateGatewayKeys().publicKey;
  }
  runStandalone(subgraph, env).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
