import cluster, { type Worker } from 'node:cluster';
import { InvalidationRelay } from './invalidation-relay';
import { isClusterMessage } from './messages';

/** Longest wait for the workers to finish their requests on shutdown before they are killed. */
const STOP_TIMEOUT_MS = 15_000;

/** SIGTERM to every worker (each finishes its requests in flight), SIGKILL to those left after STOP_TIMEOUT_MS. */
function stopWorkers(exitCode: number): void {
  const remaining = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  if (remaining.length === 0) process.exit(exitCode);
  for (const worker of remaining) worker.process.kill('SIGTERM');
  setTimeout(() => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
  }, STOP_TIMEOUT_MS).unref();
}

/** Pause before a crashed worker is restarted: at once, but backing off while workers keep crashing. */
function restartBackoff(): () => number {
  let crashes: number[] = [];
  return () => {
    const now = Date.now();
    crashes = [...crashes.filter((t) => now - t < 60_000), now];
    return Math.min(10_000, 100 * 2 ** (crashes.length - 1));
  };
}

/** The primary: forks the workers, restarts crashed ones, relays invalidations, stops them all. */
export function runPrimary(workers: number, log: (line: string) => void = (line) => console.log(line)): void {
  let stopping = false;
  let stopCode = 0;
  let everReady = false;
  const ready = new Set<number>();
  const relay = new InvalidationRelay(log);
  const nextDelay = restartBackoff();

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
        relay.relay(worker, message.id);
      } else if (message.type === 'hub:invalidated') {
        relay.acknowledge(message.id, worker.id);
      }
    });
  };

  const stopAll = (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    stopCode = exitCode;
    stopWorkers(exitCode);
  };

  cluster.on('exit', (worker, code, signal) => {
    ready.delete(worker.id);
    relay.workerGone(worker.id);
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
    setTimeout(() => {
      if (!stopping) fork();
    }, nextDelay());
  });

  const handler = (signal: NodeJS.Signals) => {
    log(`\n${signal} received, stopping ${workers} gateway workers…`);
    stopAll(0);
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);

  log(`gateway: primary (pid ${process.pid}) starting ${workers} workers`);
  for (let i = 0; i < workers; i += 1) fork();
}
