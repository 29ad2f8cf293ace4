/**
 * GATEWAY_WORKERS=N: N gateway processes on one port (node:cluster; the primary hands incoming
 * connections to the workers in turn). Each worker is a complete gateway with its own caches,
 * its own LISTEN connection and its own watcher on the supergraph artifact.
 *
 * A mutation answered by one worker must be visible in the very next read on every worker, so
 * before that worker answers it asks the primary to have every other worker empty its response
 * cache, and waits until all of them have confirmed (or could not within ACK_TIMEOUT_MS):
 * primary.ts forks and restarts, invalidation-relay.ts relays, worker.ts asks and obeys.
 */
export { tagAnswersWithWorker, type ClusterMembership } from './membership';
export { runPrimary } from './primary';
export { runWorker } from './worker';
