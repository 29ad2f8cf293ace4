/**
 * `npm start`: the whole hub on this machine. PostgreSQL is embedded (data in .data/postgres)
 * unless DATABASE_URL is set; Ctrl-C stops everything.
 */
import { readRegistry } from '../schema/registry';
import { readOrCreateDevSecret } from '../subgraphs/shared/auth/dev-secret';
import { authConfigFromEnv, type AuthConfig } from '../subgraphs/shared/auth/token-verifier';
import { DEFAULT_DATA_DIR } from '../subgraphs/shared/postgres';
import { onShutdown } from '../subgraphs/shared/shutdown';
import { startHub } from './hub';

/** PORT for the gateway, FEDERAL_PORT, LAENDER_PORT, … for the subgraphs (default: registry). */
function portsFromEnv(env: NodeJS.ProcessEnv): Record<string, number> {
  const ports: Record<string, number> = {};
  if (env['PORT']) ports['gateway'] = Number(env['PORT']);
  for (const entry of readRegistry()) {
    const value = env[`${entry.name.toUpperCase()}_PORT`];
    if (value) ports[entry.name] = Number(value);
  }
  return ports;
}

/** JWT_SECRET or JWKS_URL when set; otherwise a secret of this machine's own (.data/jwt-secret). */
function localAuthConfig(): AuthConfig {
  const config = authConfigFromEnv();
  return config.secret || config.jwksUrl ? config : { ...config, secret: readOrCreateDevSecret() };
}

async function main(): Promise<void> {
  const started = Date.now();
  const hub = await startHub({
    databaseUrl: process.env['DATABASE_URL'] || undefined,
    dataDir: process.env['PGDATA_DIR'] ?? DEFAULT_DATA_DIR,
    embeddedPort: process.env['EMBEDDED_PG_PORT'] ? Number(process.env['EMBEDDED_PG_PORT']) : undefined,
    ports: portsFromEnv(process.env),
    log: (line) => console.log(line),
    auth: localAuthConfig(),
    // RESPONSE_CACHE, SUBGRAPH_DEDUP, … (README, "Configuration"); GATEWAY_WORKERS applies to
    // `npm run start:gateway` only: here the gateway is one process next to the subgraphs.
    gatewayEnv: process.env,
  });
  console.log(`\nIntegration hub ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  for (const [name, s] of hub.subgraphs) console.log(`  subgraph ${name.padEnd(9)} ${s.server.graphqlUrl}`);
  console.log(`  gateway            ${hub.gateway.graphqlUrl}`);
  console.log(`  explorer           ${hub.gateway.url}/explorer   dashboard: ${hub.gateway.url}/dashboard`);
  console.log(`  health             ${hub.gateway.url}/health   ready: ${hub.gateway.url}/ready\n`);
  console.log('  token for editing  npm run token -- --role editor --ressort BMAS   (see README, "Editing")\n');
  console.log('Press Ctrl-C to stop.');
  onShutdown(() => hub.stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
