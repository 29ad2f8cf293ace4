import { gatewayConfigFromEnv, type GatewayConfig } from '../../gateway/config';
import { readRegistry } from '../../schema/registry';
import { startHub, type HubOptions, type RunningHub } from '../../scripts/in-process-hub';
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

/**
 * The hub a test file shares: started before the file's first test, stopped after its last. It
 * stands in for the running hub (every property reads through to it), so a file writes
 * `const hub = testHubForThisFile(...)` instead of the same beforeAll/afterAll pair again.
 */
export function testHubForThisFile(options: HubOptions = {}): TestHub {
  let running: TestHub | undefined;
  beforeAll(async () => {
    running = await startTestHub(options);
  });
  afterAll(async () => {
    await running?.stop();
  });
  return new Proxy({} as TestHub, {
    get(_target, key) {
      if (!running) throw new Error('The test file’s hub has not started (use it inside tests or hooks)');
      const value: unknown = Reflect.get(running, key, running);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(running) : value;
    },
  });
}
