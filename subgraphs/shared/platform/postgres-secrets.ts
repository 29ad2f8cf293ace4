/**
 * The embedded PostgreSQL's superuser password: random per data folder, kept in a file beside
 * the folder (`.data/postgres` → `.data/postgres-secrets.json`, mode 0600) so that only this
 * machine's user (and root) can read it. Before, every folder used `postgres`; startPostgres
 * changes such a folder's password once (LEGACY_PASSWORD).
 */
import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';

export const LEGACY_PASSWORD = 'postgres';

interface SecretsFile {
  superuserPassword: string;
}

export function secretsFileOf(dataDir: string): string {
  return path.join(path.dirname(dataDir), `${path.basename(dataDir)}-secrets.json`);
}

export async function readOrCreateSuperuserPassword(file: string): Promise<string> {
  const existing = await readFile(file, 'utf8').then(
    (text) => JSON.parse(text) as Partial<SecretsFile>,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    },
  );
  if (existing?.superuserPassword) {
    // Someone may have copied it with a looser mode; the password is only for this user.
    await chmod(file, 0o600);
    return existing.superuserPassword;
  }
  const secrets: SecretsFile = { superuserPassword: randomBytes(24).toString('base64url') };
  // flag wx: two starts racing on a fresh folder must not write two different passwords.
  try {
    await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreateSuperuserPassword(file);
    throw error;
  }
  return secrets.superuserPassword;
}

/**
 * Password (SCRAM) authentication for every connection, over TCP and the Unix socket, whatever
 * the folder's initdb wrote (older folders: cleartext `password`). Reloaded only when changed.
 */
const PG_HBA = `# Written by the integration hub (subgraphs/shared/platform/postgres-secrets.ts) on every start:
# every connection, local or over TCP from this machine, needs its role's password.
# TYPE  DATABASE     USER  ADDRESS        METHOD
local   all          all                  scram-sha-256
host    all          all   127.0.0.1/32   scram-sha-256
host    all          all   ::1/128        scram-sha-256
local   replication  all                  scram-sha-256
host    replication  all   127.0.0.1/32   scram-sha-256
host    replication  all   ::1/128        scram-sha-256
`;

export async function enforcePasswordAuth(
  dataDir: string,
  adminUrl: string,
  password: string,
  log: (line: string) => void,
): Promise<void> {
  const file = path.join(dataDir, 'pg_hba.conf');
  if ((await readFile(file, 'utf8').catch(() => '')) === PG_HBA) return;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // scram-sha-256 needs a SCRAM verifier; an old md5 one is replaced (password_encryption).
    const [row] = (
      await client.query<{ scram: boolean }>(
        `SELECT coalesce(rolpassword LIKE 'SCRAM-SHA-256$%', false) AS scram FROM pg_authid WHERE rolname = current_user`,
      )
    ).rows;
    if (!row?.scram) {
      await client.query(`SET password_encryption = 'scram-sha-256'`);
      await client.query(`ALTER USER CURRENT_USER PASSWORD '${password.replace(/'/g, "''")}'`);
    }
    // Same file, same owner (as root, the server's own user must still read it).
    await writeFile(file, PG_HBA);
    await client.query('SELECT pg_reload_conf()');
  } finally {
    await client.end();
  }
  log(`embedded PostgreSQL: password authentication enforced in ${file}`);
}
