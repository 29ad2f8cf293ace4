/**
 * Runs Bayern's subgraph alone: `npm run start:land-by`. Defaults from land.ts: port 4101, and
 * its own embedded PostgreSQL in .data/land-by-postgres on port 54339 unless DATABASE_URL is
 * set. Tokens: JWT_SECRET or JWKS_URL as for the hub; without either it uses the local secret of
 * `npm start` (.data/jwt-secret), so tokens from `npm run token` work here too.
 * GraphQL answers only the hub's gateway: GATEWAY_PUBLIC_KEY (or _FILE) or GATEWAY_JWKS_URL; without
 * either the public key of the local `npm start` (.data/gateway-public-key.pem) is used, so the
 * local gateway may call it. SUBGRAPH_ACCEPT_DIRECT_CALLS=on answers any caller (debugging only).
 */
// First: traces (when OTEL_* asks for them) need http and pg patched before anything loads them.
import '../shared/platform/tracing';
import path from 'node:path';
import { REPO_ROOT } from '../../schema/registry';
import { readOrCreateDevSecret, readOrCreateGatewayKeys } from '../shared/platform/auth/dev-secret';
import { runStandalone } from '../shared/server/run-standalone';
import { landBySubgraph } from './index';
import { LAND } from './land';

const env: NodeJS.ProcessEnv = {
  PORT: String(LAND.port),
  PGDATA_DIR: path.join(REPO_ROOT, '.data', `${LAND.subgraphName}-postgres`),
  EMBEDDED_PG_PORT: String(LAND.embeddedPgPort),
  ...process.env,
};
if (!env['JWT_SECRET'] && !env['JWKS_URL']) env['JWT_SECRET'] = readOrCreateDevSecret();
if (!env['GATEWAY_PUBLIC_KEY'] && !env['GATEWAY_PUBLIC_KEY_FILE'] && !env['GATEWAY_JWKS_URL']) {
  env['GATEWAY_PUBLIC_KEY'] = readOrCreateGatewayKeys().publicKey;
}

runStandalone(landBySubgraph, env).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
