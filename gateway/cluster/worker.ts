import cluster from 'node:cluster';
import { onShutdown } from '../../subgraphs/shared/platform/shutdown';
import type { GatewayConfig } from '../config';
import { startGateway, type RunningGateway } from '../gateway';
import { ACK_TIMEOUT_MS, isClusterMessage, type ClusterMessage } from './messages';

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
