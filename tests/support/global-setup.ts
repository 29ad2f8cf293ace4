import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureWebBuilt } from '../../web/build';
import { startPostgres, type PostgresHandle } from '../../subgraphs/shared/platform/postgres';
import { freePort } from './free-port';

declare global {
  var __HUB_TEST_POSTGRES__: { handle: PostgresHandle; folder: string } | undefined;
}

/**
 * One PostgreSQL server for the whole run: the machine's (DATABASE_URL) when given, otherwise an
 * embedded one in a throw-away folder. Every test file then makes its own database on it.
 */
export default async function globalSetup(): Promise<void> {
  // The gateway serves the explorer and the dashboard from web/dist (the browser tests open them).
  await ensureWebBuilt((line) => process.stdout.write(`${line}\n`));
  if (process.env['DATABASE_URL']) {
    process.env['HUB_TEST_ADMIN_URL'] = process.env['DATABASE_URL'];
    return;
  }
  const folder = await mkdtemp(path.join(tmpdir(), 'hub-test-'));
  const handle = await startPostgres({ dataDir: path.join(folder, 'pg'), port: await freePort(), ephemeral: true });
  globalThis.__HUB_TEST_POSTGRES__ = { handle, folder };
  process.env['HUB_TEST_ADMIN_URL'] = handle.url;
}
