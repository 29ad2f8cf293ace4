/** Run after `stop`, before the process exits: buffers that must reach the outside (spans). */
const flushes: (() => Promise<void>)[] = [];

/** Registers work for the very end of a shutdown (tracing.ts flushes its spans here). */
export function addShutdownFlush(flush: () => Promise<void>): void {
  flushes.push(flush);
}

/** Runs every registered flush; one that fails is reported and does not hold up the exit. */
async function runFlushes(): Promise<void> {
  await Promise.all(
    flushes.map((flush) => flush().catch((error: unknown) => console.error('Shutdown flush failed:', error))),
  );
}

/**
 * Runs `stop` once on SIGINT or SIGTERM (Ctrl-C, docker stop) and exits when it is done, so
 * servers close their ports and the embedded PostgreSQL shuts down cleanly.
 */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received, shutting down…`);
    stop().then(
      () => runFlushes().then(() => process.exit(0)),
      (error: unknown) => {
        console.error('Shutdown failed:', error);
        void runFlushes().then(() => process.exit(1));
      },
    );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
