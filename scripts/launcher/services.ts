/**
 * The services `npm start` runs, each configured through its environment exactly as in a split
 * deployment (README, "Configuration"): which ones, on which ports, with which variables.
 */
import { existsSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import path from 'node:path';
import { readRegistry, REPO_ROOT, routingUrlEnvName } from '../../schema/registry';
import { gatewaySigningKeyFromEnv, type GatewayKeys } from '../../subgraphs/shared/platform/auth/gateway-credential';
import { readOrCreateDevSecret, readOrCreateGatewayKeys } from '../../subgraphs/shared/platform/auth/dev-secret';

export const DEFAULT_GATEWAY_PORT = 4000;
export const HOST = '127.0.0.1';
/** Subgraphs that read the catalogue through the gateway start after it (subgraphs/analytics). */
export const READS_THROUGH_GATEWAY = new Set(['analytics']);

export interface SubgraphService {
  name: string;
  entry: string;
  port: number;
}

/**
 * The hub's own subgraphs: every registry entry of kind "hub" with a `subgraphs/<name>/main.ts`
 * (the same ones as ALL_SUBGRAPHS in subgraphs/index.ts, without loading their code here, which
 * would cost the launcher a second copy of every subgraph's modules). A Land's subgraph runs
 * elsewhere, by its Land.
 */
export function hubSubgraphs(env: NodeJS.ProcessEnv): SubgraphService[] {
  return readRegistry()
    .filter((entry) => (entry.kind ?? 'hub') === 'hub')
    .map((entry) => ({
      name: entry.name,
      entry: path.join('subgraphs', entry.name, 'main.ts'),
      // FEDERAL_PORT, LAENDER_PORT, … (0: a free one, chosen by the launcher).
      port: portFromEnv(env, portVariable(entry.name), entry.port ?? 0),
    }))
    .filter((service) => existsSync(path.join(REPO_ROOT, service.entry)));
}

/** FEDERAL_PORT, LAND_BY_PORT, …: where `npm start` runs that subgraph. */
export function portVariable(subgraph: string): string {
  return `${subgraph.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PORT`;
}

export function gatewayPort(env: NodeJS.ProcessEnv): number {
  return portFromEnv(env, 'PORT', DEFAULT_GATEWAY_PORT);
}

function portFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${name} must be a port number, got "${raw}"`);
  return port;
}

/** What every service shares: token verification and the gateway credential's keys. */
export interface SharedSecrets {
  /** JWT_SECRET, when this machine's own is used (neither JWT_SECRET nor JWKS_URL set). */
  jwtSecret?: string;
  gatewayKeys: GatewayKeys;
}

export function sharedSecrets(env: NodeJS.ProcessEnv): SharedSecrets {
  const own = gatewaySigningKeyFromEnv(env);
  // A signing key given by the operator wins; its public half is what the subgraphs verify with.
  const gatewayKeys = own
    ? { privateKey: own, publicKey: createPublicKey(own).export({ type: 'spki', format: 'pem' }).toString() }
    : readOrCreateGatewayKeys();
  return env['JWT_SECRET'] || env['JWKS_URL'] ? { gatewayKeys } : { jwtSecret: readOrCreateDevSecret(), gatewayKeys };
}

/** Variables of the launcher that mean something else (or nothing) to a service. */
const LAUNCHER_ONLY = [
  'PORT',
  'PGDATA_DIR',
  'EMBEDDED_PG_PORT',
  // A service that got it would connect as the superuser to create roles.
  'DATABASE_ADMIN_URL',
  'GATEWAY_SIGNING_KEY_FILE',
  'GATEWAY_PUBLIC_KEY_FILE',
];

/** The launcher's environment (levers such as LOG_LEVEL, RESPONSE_CACHE, OTEL_* pass through) plus `extra`. */
export function serviceEnv(
  env: NodeJS.ProcessEnv,
  secrets: SharedSecrets,
  extra: Record<string, string>,
): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...env };
  for (const name of LAUNCHER_ONLY) delete base[name];
  for (const { name } of readRegistry()) delete base[portVariable(name)];
  return {
    ...base,
    HOST,
    ...(secrets.jwtSecret ? { JWT_SECRET: secrets.jwtSecret } : {}),
    ...extra,
  };
}

export function subgraphEnv(
  env: NodeJS.ProcessEnv,
  secrets: SharedSecrets,
  service: SubgraphService,
  database: { url: string; migrationUrl?: string | undefined },
  gatewayGraphqlUrl: string,
): NodeJS.ProcessEnv {
  const result = serviceEnv(env, secrets, {
    PORT: String(service.port),
    DATABASE_URL: database.url,
    ...(database.migrationUrl ? { MIGRATION_DATABASE_URL: database.migrationUrl } : {}),
    GATEWAY_PUBLIC_KEY: secrets.gatewayKeys.publicKey,
    ...(READS_THROUGH_GATEWAY.has(service.name) ? { ANALYTICS_GATEWAY_URL: gatewayGraphqlUrl } : {}),
  });
  delete result['GATEWAY_SIGNING_KEY'];
  return result;
}

export function gatewayEnv(
  env: NodeJS.ProcessEnv,
  secrets: SharedSecrets,
  port: number,
  subgraphs: readonly SubgraphService[],
  listenUrl: string,
): NodeJS.ProcessEnv {
  const urls = Object.fromEntries(
    subgraphs.map((s) => [routingUrlEnvName(s.name), `http://${HOST}:${s.port}/graphql`] as const),
  );
  return serviceEnv(env, secrets, {
    PORT: String(port),
    ...urls,
    // Only to LISTEN for the subgraphs' change notices.
    DATABASE_URL: listenUrl,
    GATEWAY_SIGNING_KEY: secrets.gatewayKeys.privateKey,
  });
}
