import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { RunningGateway } from '../../gateway/gateway';
import { startSubgraphServer } from '../../subgraphs/shared/server/subgraph-server';
import { graphql, type GraphQLErrorShape } from '../support/graphql';
import { startOwnGateway } from '../support/own-gateway';
import { startTestHub, WITHOUT_RESPONSE_CACHE, type TestHub } from '../support/test-hub';

/**
 * A subgraph failing costs its fields, not the whole answer: one subgraph dies (or hangs) while
 * clients keep querying; queries that need only the others keep succeeding, those that need it
 * get partial data and an error naming it within the timeout, and all is whole again after.
 */
const TIMEOUT_MS = 600;
const NEEDS_OTHERS = '{ targetGroup(code: FAMILIES) { federalOffers { id } regionalOffers(ars: "08436") { id } } }';
const NEEDS_RESEARCH = '{ targetGroup(code: FAMILIES) { federalOffers { id } researchOutputs { id } } }';

/** A TCP relay in front of a subgraph that can be told to swallow requests (a hanging subgraph). */
class Relay {
  hang = false;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly target: () => number) {
    this.server = createServer((client) => {
      const upstream = connect(this.target(), '127.0.0.1');
      this.sockets.add(client).add(upstream);
      client.on('data', (chunk) => {
        if (!this.hang) upstream.write(chunk);
      });
      upstream.on('data', (chunk) => client.write(chunk));
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('close', close).on('error', close);
      upstream.on('close', close).on('error', close);
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

interface Outcome {
  query: 'others' | 'research';
  ms: number;
  errors: GraphQLErrorShape[];
  research: unknown;
  federal: unknown;
}

let hub: TestHub;
let gateway: RunningGateway;
let relay: Relay;
let researchPort: number;

beforeAll(async () => {
  hub = await startTestHub();
  const research = hub.subgraphs.get('research');
  if (!research) throw new Error('research not running');
  researchPort = Number(new URL(research.server.url).port);
  relay = new Relay(() => researchPort);
  gateway = await startOwnGateway(hub, {
    subgraphTimeoutMs: TIMEOUT_MS,
    subgraphUrls: { research: await relay.listen() },
    // Every query must reach the subgraphs: a cached answer would hide the failure.
    ...WITHOUT_RESPONSE_CACHE,
  });
});

afterAll(async () => {
  await gateway?.stop();
  await relay?.close();
  await hub?.stop();
});

/** Two clients query continuously (one needing research, one not) until `during` is done. */
async function underLoad(during: (outcomes: Outcome[]) => Promise<void>): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let stop = false;
  const client = async (query: Outcome['query']) => {
    while (!stop) {
      const started = Date.now();
      const result = await graphql<{ targetGroup: { researchOutputs?: unknown; federalOffers: unknown } | null }>(
        gateway.graphqlUrl,
        query === 'others' ? NEEDS_OTHERS : NEEDS_RESEARCH,
      );
      outcomes.push({
        query,
        ms: Date.now() - started,
        errors: result.errors ?? [],
        research: result.data?.targetGroup?.researchOutputs,
        federal: result.data?.targetGroup?.federalOffers,
      });
    }
  };
  const clients = [client('others'), client('research')];
  try {
    await during(outcomes);
  } finally {
    stop = true;
    await Promise.all(clients);
  }
  return outcomes;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Until each client has had this many answers: counted, not timed, so a slow machine runs the same test. */
async function answered(outcomes: Outcome[], others: number, research: number): Promise<void> {
  const count = (query: Outcome['query']) => outcomes.filter((o) => o.query === query).length;
  const deadline = Date.now() + 60_000;
  while (count('others') < others || count('research') < research) {
    if (Date.now() > deadline) throw new Error('the clients got too few answers in time');
    await pause(20);
  }
}

function expectIsolated(outcomes: Outcome[], reason: RegExp): void {
  const others = outcomes.filter((o) => o.query === 'others');
  const research = outcomes.filter((o) => o.query === 'research');
  expect(others.length).toBeGreaterThan(5);
  expect(others.flatMap((o) => o.errors)).toEqual([]);
  expect(research.length).toBeGreaterThan(0);
  for (const o of research) {
    expect(o.federal).toEqual(expect.any(Array));
    expect(o.research).toBeNull();
    expect(o.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(reason),
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'research' },
      }),
    ]);
    expect(o.ms).toBeLessThan(TIMEOUT_MS + 1500);
  }
}

async function expectWhole(): Promise<void> {
  const result = await graphql<{ targetGroup: { researchOutputs: unknown[] } }>(gateway.graphqlUrl, NEEDS_RESEARCH);
  expect(result.errors).toBeUndefined();
  expect(result.data?.targetGroup.researchOutputs.length).toBeGreaterThan(0);
}

/**
 * Whole answers return once the subgraph's circuit breaker has seen it answer again (its probe
 * runs every second), so the first requests after a recovery may still fail fast.
 */
async function expectWholeAgain(): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const result = await graphql<{ targetGroup: { researchOutputs: unknown[] } | null }>(
      gateway.graphqlUrl,
      NEEDS_RESEARCH,
    );
    if (!result.errors && (result.data?.targetGroup?.researchOutputs.length ?? 0) > 0) return;
    if (Date.now() > deadline) throw new Error(`still not whole: ${JSON.stringify(result.errors)}`);
    await pause(50);
  }
}

describe('failure stays local', () => {
  it('when a subgraph dies while queries run, and after it is back', async () => {
    await expectWhole();
    const research = hub.subgraphs.get('research');
    if (!research) throw new Error('research not running');
    await research.server.stop();
    const outcomes = await underLoad((outcomes) => answered(outcomes, 6, 4));
    expectIsolated(outcomes, /Subgraph "research" is unavailable/);

    // Back on the same port: the gateway needs nothing but its breaker's next probe.
    const restarted = await startSubgraphServer(research.prepared.module, research.prepared.database.dataSource, {
      port: researchPort,
      logLevel: 'silent',
      gatewayTrust: { publicKey: hub.gatewayKeys.publicKey },
    });
    hub.subgraphs.set('research', { ...research, server: restarted });
    await expectWholeAgain();
  });

  it('when a subgraph hangs instead of dying, within the timeout, and after it answers again', async () => {
    await expectWhole();
    relay.hang = true;
    const outcomes = await underLoad((outcomes) => answered(outcomes, 6, 4));
    relay.hang = false;
    // The first ones wait for the timeout; once the breaker is open the rest fail fast.
    expectIsolated(outcomes, new RegExp(`Subgraph "research" (did not answer within ${TIMEOUT_MS} ms|is unavailable)`));
    await expectWholeAgain();
  });

  it('starts even when a subgraph is down', async () => {
    const lonely = await startOwnGateway(hub, {
      subgraphUrls: { exchange: 'http://127.0.0.1:9/graphql', research: 'http://127.0.0.1:9/graphql' },
    });
    try {
      const result = await graphql<{ place: { name: string } }>(lonely.graphqlUrl, '{ place(ars: "09564") { name } }');
      expect(result.data?.place.name).toBe('Nürnberg');
    } finally {
      await lonely.stop();
    }
  });
});
