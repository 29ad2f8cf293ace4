import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GatewayConfig } from '../../gateway/config';
import type { RunningGateway } from '../../gateway/gateway';
import { readRegistry, SUPERGRAPH_PATH, writeFileAtomically } from '../../schema/registry';
import { startHub, type RunningHub } from '../../scripts/in-process-hub';
import { spawnTs, type Spawned } from '../support/child-process';
import { freePort } from '../support/free-port';
import { graphqlOk } from '../support/graphql';
import { startOwnGateway } from '../support/own-gateway';

/**
 * /ready tells the truth: 503 while a required subgraph, its database or the change feed is down
 * or the last artifact was refused, and 200 again once all is back. The hub runs on a PostgreSQL
 * of its own here, so that stopping it costs no other test file its database.
 */
interface Ready {
  status: 'ready' | 'degraded' | 'unavailable';
  problems: string[];
  lastReloadError: { message: string; schemaVersion: string } | null;
  changeFeed: { listening: boolean } | null;
  subgraphs: { name: string; up: boolean; required: boolean; reason?: string }[];
}

let folder: string;
let dataDir: string;
let postgresPort: number;
let postgres: Spawned | undefined;
let hub: RunningHub | undefined;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'hub-ready-'));
  dataDir = path.join(folder, 'pg');
  postgresPort = await freePort();
  // In a process of its own, on a folder of its own: it is stopped and started again.
  postgres = spawnTs('tests/support/postgres-process.ts', {}, [dataDir, String(postgresPort)]);
  const [, url = ''] = await postgres.waitFor(/^postgres: (\S+)$/m, 60_000);
  const ports = Object.fromEntries([...readRegistry().map((e) => e.name), 'gateway'].map((name) => [name, 0]));
  hub = await startHub({ logLevel: 'silent', databaseUrl: url, ports });
});

afterAll(async () => {
  await hub?.stop();
  await postgres?.stop();
  rmSync(folder, { recursive: true, force: true });
});

function running(): RunningHub {
  if (!hub) throw new Error('hub not running');
  return hub;
}

async function ready(gateway: RunningGateway): Promise<Ready & { httpStatus: number }> {
  const response = await fetch(`${gateway.url}/ready`);
  return { httpStatus: response.status, ...((await response.json()) as Ready) };
}

async function until<T>(read: () => Promise<T>, condition: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (condition(value)) return value;
    if (Date.now() > deadline) throw new Error(`not in time: ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A second gateway on the hub's subgraphs. */
function gatewayWith(config: Partial<GatewayConfig>): Promise<RunningGateway> {
  return startOwnGateway(running(), config);
}

describe('/ready', () => {
  it('is 200 "ready" when every subgraph, its database and the change feed answer', async () => {
    const body = await ready(running().gateway);
    expect(body).toMatchObject({ httpStatus: 200, status: 'ready', problems: [], changeFeed: { listening: true } });
    expect(body.subgraphs.length).toBeGreaterThan(3);
    expect(body.subgraphs.every((s) => s.up && s.required)).toBe(true);
    const health = await fetch(`${running().gateway.url}/health`);
    expect(health.status).toBe(200);
  });

  it('is 503 while a required subgraph is down, 200 "degraded" when it is an optional one', async () => {
    const down = { subgraphUrls: { research: 'http://127.0.0.1:9/graphql' } };
    const strict = await gatewayWith(down);
    const lenient = await gatewayWith({ ...down, optionalSubgraphs: ['research'] });
    try {
      const refused = await ready(strict);
      expect(refused).toMatchObject({
        httpStatus: 503,
        status: 'unavailable',
        problems: ['subgraph research: unreachable'],
      });
      expect(refused.subgraphs).toEqual(
        expect.arrayContaining([
          { name: 'research', up: false, required: true, reason: 'unreachable', breaker: 'closed' },
          expect.objectContaining({ name: 'federal', up: true, required: true }),
        ]),
      );
      const degraded = await ready(lenient);
      expect(degraded).toMatchObject({ httpStatus: 200, status: 'degraded', problems: [] });
      expect(degraded.subgraphs).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'research', up: false, required: false })]),
      );
    } finally {
      await strict.stop();
      await lenient.stop();
    }
  });

  it('is 503 after a refused artifact, and 200 with no reload error once a good one is back', async () => {
    const artifacts = mkdtempSync(path.join(tmpdir(), 'hub-ready-artifact-'));
    const file = path.join(artifacts, 'supergraph.graphql');
    copyFileSync(SUPERGRAPH_PATH, file);
    const gateway = await gatewayWith({ supergraphPath: file });
    try {
      expect(await ready(gateway)).toMatchObject({ httpStatus: 200, status: 'ready', lastReloadError: null });
      writeFileAtomically(file, 'schema { query: Query } type Query { broken: Nope }');
      const refused = await until(
        () => ready(gateway),
        (r) => r.httpStatus === 503,
        'refused artifact reported',
      );
      expect(refused.status).toBe('unavailable');
      expect(refused.lastReloadError?.message).toEqual(expect.any(String));
      expect(refused.problems).toEqual([expect.stringMatching(/^supergraph artifact [0-9a-f]{12} refused$/)]);

      // The very artifact still being served comes back: nothing to load, and the refusal is over.
      writeFileAtomically(file, readFileSync(SUPERGRAPH_PATH, 'utf8'));
      const back = await until(
        () => ready(gateway),
        (r) => r.httpStatus === 200,
        'good artifact back',
      );
      expect(back).toMatchObject({ status: 'ready', lastReloadError: null, problems: [] });
    } finally {
      await gateway.stop();
      rmSync(artifacts, { recursive: true, force: true });
    }
  });

  it('is 503 naming the database and the change feed while PostgreSQL is down, and 200 once it is back', async () => {
    const gateway = running().gateway;
    await postgres?.stop('SIGINT');
    postgres = undefined;
    const down = await until(
      () => ready(gateway),
      (r) => r.httpStatus === 503 && r.changeFeed?.listening === false && r.subgraphs.every((s) => !s.up),
      'database down reported',
    );
    expect(down.status).toBe('unavailable');
    expect(down.subgraphs.every((s) => s.reason === 'database')).toBe(true);
    expect(down.problems).toEqual(
      expect.arrayContaining(['subgraph federal: database', 'change feed: not listening to the database']),
    );

    postgres = spawnTs('tests/support/postgres-process.ts', {}, [dataDir, String(postgresPort)]);
    await postgres.waitFor(/^postgres: /m, 60_000);
    const back = await until(
      () => ready(gateway),
      (r) => r.httpStatus === 200,
      'database back reported',
    );
    expect(back).toMatchObject({ status: 'ready', problems: [], changeFeed: { listening: true } });
    // The subgraphs' pools found the database again too.
    const answer = await graphqlOk<{ targetGroups: unknown[] }>(gateway.graphqlUrl, '{ targetGroups { code } }');
    expect(answer.targetGroups.length).toBeGreaterThan(0);
  });
});
