import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readRegistry } from '../../schema/registry';
import { spawnTs, type Spawned } from '../support/child-process';
import { freePort } from '../support/free-port';
import { graphqlOk } from '../support/graphql';
import { spawnLaenderBehindGateway } from '../support/laender-behind-gateway';
import { HEADLINE_QUERY } from '../../web/operations';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('npm start', () => {
  let dataDir: string;
  let hub: Spawned | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'hub-start-'));
  });

  afterAll(async () => {
    await hub?.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('brings up embedded PostgreSQL, all subgraphs and the gateway, prints the URLs and stops cleanly on Ctrl-C', async () => {
    const pgPort = await freePort();
    const env: Record<string, string> = {
      DATABASE_URL: '',
      PGDATA_DIR: path.join(dataDir, 'postgres'),
      EMBEDDED_PG_PORT: String(pgPort),
      PORT: String(await freePort()),
    };
    // Every registered subgraph on a free port, so nothing else on this machine can be in the way.
    for (const { name } of readRegistry()) env[`${name.toUpperCase()}_PORT`] = String(await freePort());
    hub = spawnTs('scripts/start.ts', env);
    const [, gatewayUrl] = await hub.waitFor(/gateway\s+(http:\/\/\S+\/graphql)/, 60_000);
    expect(hub.output()).toMatch(/subgraph federal\s+http:\/\/127\.0\.0\.1:\d+\/graphql/);
    expect(hub.output()).toMatch(/subgraph exchange\s+http:\/\/127\.0\.0\.1:\d+\/graphql/);

    const data = await graphqlOk<{ targetGroup: { federalOffers: unknown[] } }>(gatewayUrl as string, HEADLINE_QUERY, {
      code: 'PROTECTION_HOLDERS',
      ars: '11000',
    });
    expect(data.targetGroup.federalOffers.length).toBeGreaterThan(5);
    expect(await portOpen(pgPort)).toBe(true);

    expect(await hub.stop('SIGINT')).toBe(0);
    expect(await portOpen(pgPort)).toBe(false);
  });
});

describe('each service alone, configured from the environment', () => {
  let database: TestDatabase;
  const running: Spawned[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop('SIGKILL')));
    await database?.drop();
  });

  it('runs the laender subgraph and a gateway in front of it as separate processes', async () => {
    const { laender, gateway, gatewayUrl } = await spawnLaenderBehindGateway({
      databaseUrl: database.url,
      running,
      gatewayEnv: { SUBGRAPH_TIMEOUT_MS: '1000' },
    });

    const data = await graphqlOk<{ place: { name: string; land: { name: string } } }>(
      gatewayUrl,
      '{ place(ars: "09564") { name land { name } } }',
    );
    expect(data.place).toEqual({ name: 'Nürnberg', land: { name: 'Bayern' } });

    expect(await gateway.stop('SIGTERM')).toBe(0);
    expect(await laender.stop('SIGTERM')).toBe(0);
  });
});
