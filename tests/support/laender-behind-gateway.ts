import { generateGatewayKeys } from '../../subgraphs/shared/platform/auth/gateway-credential';
import { spawnTs, type Spawned } from './child-process';
import { freePort } from './free-port';

export interface LaenderBehindGateway {
  laender: Spawned;
  gateway: Spawned;
  /** The gateway's GraphQL endpoint. */
  gatewayUrl: string;
}

/**
 * The laender subgraph and a gateway in front of it, each a process of its own as in production:
 * the gateway signs its credential with a fresh private key, the subgraph verifies it with the
 * public one. `env` goes to both, `gatewayEnv` to the gateway alone. Each process joins `running`
 * as soon as it is spawned, so the caller's afterAll stops it even when it never comes up.
 */
export async function spawnLaenderBehindGateway(options: {
  databaseUrl: string;
  running: Spawned[];
  env?: Record<string, string>;
  gatewayEnv?: Record<string, string>;
}): Promise<LaenderBehindGateway> {
  const keys = generateGatewayKeys();
  const laenderPort = await freePort();
  const laender = spawnTs('subgraphs/laender/main.ts', {
    ...options.env,
    DATABASE_URL: options.databaseUrl,
    PORT: String(laenderPort),
    GATEWAY_PUBLIC_KEY: keys.publicKey,
  });
  options.running.push(laender);
  // Both start through tsx (and the subgraph migrates): far longer than the default on a busy machine.
  await laender.waitFor(/laender: http:\/\/\S+\/graphql/, 60_000);

  const gatewayPort = await freePort();
  const gateway = spawnTs('gateway/main.ts', {
    ...options.env,
    ...options.gatewayEnv,
    PORT: String(gatewayPort),
    SUBGRAPH_LAENDER_URL: `http://127.0.0.1:${laenderPort}/graphql`,
    GATEWAY_SIGNING_KEY: keys.privateKey,
  });
  options.running.push(gateway);
  await gateway.waitFor(/gateway: http:\/\/\S+\/graphql/, 60_000);
  return { laender, gateway, gatewayUrl: `http://127.0.0.1:${gatewayPort}/graphql` };
}
