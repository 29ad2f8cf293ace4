/**
 * GATEWAY_WORKERS=N: N gateway processes on one port (node:cluster; the primary hands incoming
 * connections to the workers in turn). Each worker is a complete gateway with its own caches,
 * its own LISTEN connection and its own watcher on the supergraph artifact.
 *
 * A mutation answered by one worker must be visible in the very next read on every worker, so
 * before that worker answers it asks the primary to have every other worker empty its response
 * cache, and waits until all of them have confirmed (or could not within ACK_TIMEOUT_MS).
 */
import cluster, { type Worker } from 'node:cluster';
import { onShutdown } from '../subgraphs/shared/platform/shutdown';
import type { GatewayConfig } from './config';
import { startGateway, type RunningGateway } from './gateway';

/** Longest wait for the other workers to confirm an invalidation; a hung worker must not hold writes. */
const ACK_TIMEOUT_MS = 2000;
/** Longest wait for the workers to finish their requests on shutdown before they are killed. */
const STOP_TIMEOUT_MS = 15_000;

type ClusterMessage =
  | { type: 'hub:ready'; url: string }
  /** worker → primary: "I answered a mutation"; primary → worker: "empty your cache". */
  | { type: 'hub:invalidate'; id: number }
  /** worker → primary: "emptied". */
  | { type: 'hub:invalidated'; id: number }
  /** primary → worker: "every other worker has emptied its cache". */
  | { type: 'hub:invalidate-done'; id: number };

function isClusterMessage(message: unknown): message is ClusterMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    'type' in message &&
    typeof message.type === 'string' &&
    message.type.startsWith('hub:')
  );
}

interface Broadcast {
  origin: Worker;
  originId: number;
  waiting: Set<number>;
  timer: NodeJS.Timeout;
}

/** The primary: forks the workers, restarts crashed ones, relays invalidations, stops them all. */
export function runPrimary(workers: number, log: (line: string) => void = (line) => console.log(line)): void {
  let stopping = false;
  let stopCode = 0;
  let everReady = false;
  const ready = new Set<number>();
  const broadcasts = new Map<number, Broadcast>();
  let nextBroadcast = 0;
  let crashes: number[] = [];

  const finish = (broadcastId: number) => {
    const broadcast = broadcasts.get(broadcastId);
    if (!broadcast) return;
    clearTimeout(broadcast.timer);
    broadcasts.delete(broadcastId);
    if (broadcast.origin.isConnected()) {
      broadcast.origin.send({ type: 'hub:invalidate-done', id: broadcast.originId } satisfies ClusterMessage);
    }
  };

  const acknowledge = (broadcastId: number, workerId: number) => {
    const broadcast = broadcasts.get(broadcastId);
    if (!broadcast) return;
    broadcast.waiting.delete(workerId);
    if (broadcast.waiting.size === 0) finish(broadcastId);
  };

  const relayInvalidation = (origin: Worker, originId: number) => {
    const broadcastId = (nextBroadcast += 1);
    const others = Object.values(cluster.workers ?? {}).filter(
      (w): w is Worker => w !== undefined && w.id !== origin.id && w.isConnected(),
    );
    const timer = setTimeout(() => {
      const late = broadcasts.get(broadcastId)?.waiting;
      if (late?.size) log(`gateway: worker(s) ${[...late].join(', ')} did not confirm an invalidation in time`);
      finish(broadcastId);
    }, ACK_TIMEOUT_MS);
    broadcasts.set(broadcastId, { origin, originId, waiting: new Set(others.map((w) => w.id)), timer });
    for (const worker of others) worker.send({ type: 'hub:invalidate', id: broadcastId } satisfies ClusterMessage);
    if (others.length === 0) finish(broadcastId);
  };

  const fork = () => {
    const worker = cluster.fork();
    log(`gateway: worker ${worker.id} started (pid ${worker.process.pid})`);
    worker.on('message', (message: unknown) => {
      if (!isClusterMessage(message)) return;
      if (message.type === 'hub:ready') {
        ready.add(worker.id);
        if (!everReady && ready.size >= workers) {
          everReady = true;
          log(`gateway: ${message.url} (${workers} workers)`);
        }
      } else if (message.type === 'hub:invalidate') {
        relayInvalidation(worker, message.id);
      } else if (message.type === 'hub:invalidated') {
        acknowledge(message.id, worker.id);
      }
    });
  };

  cluster.on('exit', (worker, code, signal) => {
    ready.delete(worker.id);
    // A worker that is gone cannot hold cached answers any more.
    for (const id of [...broadcasts.keys()]) acknowledge(id, worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(stopCode);
      return;
    }
    log(`gateway: worker ${worker.id} (pid ${worker.process.pid}) exited (${signal ?? `code ${code}`})`);
    if (!everReady) {
      // It never came up (port taken, bad configuration): restarting would only repeat that.
      log('gateway: a worker failed before the gateway was ready; stopping');
      stopAll(1);
      return;
    }
    // Restart at once, but back off when workers keep crashing.
    const now = Date.now();
    crashes = [...crashes.filter((t) => now - t < 60_000), now];
    const delay = Math.min(10_000, 100 * 2 ** (crashes.length - 1));
    setTimeout(() => {
      if (!stopping) fork();
    }, delay);
  });

  const stopAll = (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    stopCode = exitCode;
    const remaining = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (remaining.length === 0) process.exit(exitCode);
    // Each worker finishes its requests in flight and closes (its own SIGTERM handler).
    for (const worker of remaining) worker.process.kill('SIGTERM');
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
    }, STOP_TIMEOUT_MS).unref();
  };

  const handler = (signal: NodeJS.Signals) => {
    log(`\n${signal} received, stopping ${workers} gateway workers…`);
    stopAll(0);
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);

  log(`gateway: primary (pid ${process.pid}) starting ${workers} workers`);
  for (let i = 0; i < workers; i += 1) fork();
}

/** One worker: a complete gateway that takes part in the cluster's invalidations. */
export async function runWorker(config: GatewayConfig): Promise<void> {
  const worker = cluster.worker;
  if (!worker) throw new Error('runWorker() runs in a cluster worker only');
  // Filled in once the gateway listens; invalidations that arrive before find nothing to empty.
  const current: { gateway?: RunningGateway } = {};
  const waiting = new Map<number, () => void>();
  let nextId = 0;

  process.on('message', (message: unknown) => {
    if (!isClusterMessage(message)) return;
    if (message.type === 'hub:invalidate') {
      current.gateway?.invalidateResponseCache();
      process.send?.({ type: 'hub:invalidated', id: message.id } satisfies ClusterMessage);
    } else if (message.type === 'hub:invalidate-done') {
      waiting.get(message.id)?.();
    }
  });

  const gateway = await startGateway(config, {
    workerId: worker.id,
    invalidateOtherWorkers: () =>
      new Promise<void>((resolve) => {
        const id = (nextId += 1);
        const done = () => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve();
        };
        // The primary answers within ACK_TIMEOUT_MS; this only guards against a lost primary.
        const timer = setTimeout(done, ACK_TIMEOUT_MS + 1000);
        waiting.set(id, done);
        process.send?.({ type: 'hub:invalidate', id } satisfies ClusterMessage);
      }),
  });
  current.gateway = gateway;
  onShutdown(() => gateway.stop());
  // The primary is gone (killed): nobody hands out connections any more.
  process.once('disconnect', () => {
    void gateway.stop().finally(() => process.exit(0));
  });
  process.send?.({ type: 'hub:ready', url: gateway.graphqlUrl } satisfies ClusterMessage);
}
