import { gatewayConfigFromEnv, type GatewayConfig } from '../../gateway/config';
import { readRegistry } from '../../schema/registry';
import { startHub, type HubOptions, type RunningHub } from '../../scripts/hub';
import { createTestDatabase } from './test-database';

export interface TestHub extends RunningHub {
  databaseUrl: string;
}

/**
 * Gateway settings for tests about execution itself (SQL statements per query, connections,
 * failing subgraphs) or that change data behind the hub's back (seeding, the analytics sync
 * started by hand): there an answer from the response cache would hide what is tested.
 */
export const WITHOUT_RESPONSE_CACHE: Partial<GatewayConfig> = {
  responseCache: { ...gatewayConfigFromEnv({}).responseCache, enabled: false },
};

/** The real hub on free ports against a fresh database; `stop()` also drops the database. */
export async function startTestHub(options: HubOptions = {}): Promise<TestHub> {
  const database = await createTestDatabase();
  const ports = Object.fromEntries([...readRegistry().map((e) => e.name), 'gateway'].map((name) => [name, 0]));
  try {
    // No rate limit unless a test asks for one: tests send bursts from one address on purpose.
    const gateway: Partial<GatewayConfig> = { rateLimit: { enabled: false, perMinute: 600 }, ...options.gateway };
    const hub = await startHub({ logLevel: 'silent', ...options, gateway, databaseUrl: database.url, ports });
    return {
      ...hub,
      databaseUrl: database.url,
      stop: async () => {
        await hub.stop();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}
