import cluster, { type Worker } from 'node:cluster';
import { ACK_TIMEOUT_MS, type ClusterMessage } from './messages';

interface Broadcast {
  origin: Worker;
  originId: number;
  waiting: Set<number>;
  timer: NodeJS.Timeout;
}

/**
 * The primary's part of an invalidation: a worker that answered a mutation asks, every other
 * worker is told to empty its response cache, and the asking worker hears back once all of them
 * have confirmed (or ACK_TIMEOUT_MS has passed, or they are gone).
 */
export class InvalidationRelay {
  private readonly broadcasts = new Map<number, Broadcast>();
  private nextBroadcast = 0;

  constructor(private readonly log: (line: string) => void) {}

  /** `origin` answered a mutation; `originId` is its own number for the request. */
  relay(origin: Worker, originId: number): void {
    const broadcastId = (this.nextBroadcast += 1);
    const others = Object.values(cluster.workers ?? {}).filter(
      (w): w is Worker => w !== undefined && w.id !== origin.id && w.isConnected(),
    );
    const timer = setTimeout(() => {
      const late = this.broadcasts.get(broadcastId)?.waiting;
      if (late?.size) this.log(`gateway: worker(s) ${[...late].join(', ')} did not confirm an invalidation in time`);
      this.finish(broadcastId);
    }, ACK_TIMEOUT_MS);
    this.broadcasts.set(broadcastId, { origin, originId, waiting: new Set(others.map((w) => w.id)), timer });
    for (const worker of others) worker.send({ type: 'hub:invalidate', id: broadcastId } satisfies ClusterMessage);
    if (others.length === 0) this.finish(broadcastId);
  }

  acknowledge(broadcastId: number, workerId: number): void {
    const broadcast = this.broadcasts.get(broadcastId);
    if (!broadcast) return;
    broadcast.waiting.delete(workerId);
    if (broadcast.waiting.size === 0) this.finish(broadcastId);
  }

  /** A worker that is gone cannot hold cached answers any more. */
  workerGone(workerId: number): void {
    for (const id of [...this.broadcasts.keys()]) this.acknowledge(id, workerId);
  }

  private finish(broadcastId: number): void {
    const broadcast = this.broadcasts.get(broadcastId);
    if (!broadcast) return;
    clearTimeout(broadcast.timer);
    this.broadcasts.delete(broadcastId);
    if (broadcast.origin.isConnected()) {
      broadcast.origin.send({ type: 'hub:invalidate-done', id: broadcast.originId } satisfies ClusterMessage);
    }
  }
}
