/**
 * PostgreSQL roles per service, so that no subgraph runs as a superuser or can touch another
 * subgraph's data.
 *
 * Use: whoever holds the admin connection (the in-process hub `scripts/in-process-hub.ts`, the multi-process
 * launcher `scripts/start.ts`, `npm run seed`, a standalone subgraph given DATABASE_ADMIN_URL)
 * calls, on every start,
 *
 *   const roles = await provisionDatabaseRoles(adminUrl, modules.map(({ name, dbSchema }) => ({ name, dbSchema })));
 *   roles['federal']?.ownerUrl    // migrations + seed (prepareSubgraph's migrationDatabaseUrl / MIGRATION_DATABASE_URL)
 *   roles['federal']?.runtimeUrl  // the subgraph's DataSource (prepareSubgraph's databaseUrl / DATABASE_URL)
 *   roles.gateway.listenUrl       // the gateway's LISTEN connection (its databaseUrl / DATABASE_URL)
 *
 * and hands each service only its own URLs. It is idempotent and safe when two starts race (a
 * transaction-scoped advisory lock queues them); passwords are random per role and kept stable
 * across starts (see PASSWORD_TABLE), so a second start never invalidates the pool of a first.
 *
 * Per subgraph schema:
 * - `<db>_<schema>_owner` owns the schema and everything in it; it runs migrations and seeds
 *   (and may create schemas: the migrations begin with CREATE SCHEMA IF NOT EXISTS).
 * - `<db>_<schema>_runtime`: USAGE on that schema; SELECT/INSERT/UPDATE/DELETE/TRUNCATE on its
 *   tables, USAGE/SELECT on its sequences, EXECUTE on its functions — also for objects later
 *   migrations create (ALTER DEFAULT PRIVILEGES FOR ROLE owner). Nothing on other schemas, no
 *   CREATE anywhere, no TEMP tables.
 * And `<db>_gateway_listener`: CONNECT only (LISTEN needs no table rights).
 * All are LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT. Role
 * names carry the database name because roles are cluster-wide (the tests make many databases
 * on one server); `dropDatabase` (postgres.ts) drops the roles of the database it drops, found
 * by their comment (ROLE_COMMENT).
 *
 * The admin must be a superuser (it creates roles, transfers ownership of objects created before
 * roles existed, and sets default privileges for the owner role).
 */
import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface SubgraphDatabaseUrls {
  /** Owns the schema: migrations and seed. */
  ownerUrl: string;
  /** The subgraph at run time: reads and writes rows of its own schema, nothing else. */
  runtimeUrl: string;
}

export interface GatewayDatabaseUrls {
  /** CONNECT only: enough to LISTEN for the subgraphs' change notices. */
  listenUrl: string;
}

/** `{ [subgraphName]: { ownerUrl, runtimeUrl }, gateway: { listenUrl } }` */
export type DatabaseRoles = { readonly gateway: GatewayDatabaseUrls } & {
  readonly [subgraph: string]: SubgraphDatabaseUrls;
};

export interface ProvisionedSubgraph {
  /** Subgraph name (key of the result), e.g. "federal". */
  name: string;
  /** Its PostgreSQL schema, e.g. "federal". */
  dbSchema: string;
}

export interface ProvisionOptions {
  /**
   * Passwords to use instead of the stored (or generated) ones, by service name: a subgraph's
   * name for its runtime role, "gateway" for the listener. For deployments where each service
   * gets its password from the operator (docker-compose.yml).
   */
  passwords?: Readonly<Partial<Record<string, string>>>;
  log?: (line: string) => void;
}

/** Where the role passwords live, in the hub's database: readable by superusers only. */
const PASSWORD_SCHEMA = 'hub_roles';
const PASSWORD_TABLE = `${PASSWORD_SCHEMA}.password`;
const LOCK_KEY = 'hub:provision-database-roles';
const MAX_IDENTIFIER = 63;

/** The tag `dropDatabase` looks for: roles of database `name`. */
export function roleComment(database: string): string {
  return `integration-hub role of database ${database}`;
}

/** `<db>_<schema>_<kind>`, shortened with a hash when longer than PostgreSQL's 63 bytes. */
export function roleName(database: string, schema: string, kind: 'owner' | 'runtime' | 'listener'): string {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const full = `${clean(database)}_${clean(schema)}_${kind}`;
  if (Buffer.byteLength(full) <= MAX_IDENTIFIER) return full;
  const hash = createHash('sha256').update(`${database}\0${schema}`).digest('hex').slice(0, 10);
  const tail = `_${hash}_${kind}`;
  return `${clean(database).slice(0, MAX_IDENTIFIER - tail.length)}${tail}`;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** URL-safe, 192 bits. */
function randomPassword(): string {
  return randomBytes(24).toString('base64url');
}

function urlFor(adminUrl: string, user: string, password: string): string {
  const url = new URL(adminUrl);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  return url.toString();
}

const ROLE_ATTRIBUTES = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT';

/**
 * Creates or updates the owner and runtime role of every subgraph schema and the gateway's
 * listener role in the database of `adminUrl`, and returns each service's connection URLs.
 */
export async function provisionDatabaseRoles(
  adminUrl: string,
  subgraphs: readonly ProvisionedSubgraph[],
  options: ProvisionOptions = {},
): Promise<DatabaseRoles> {
  const log = options.log ?? (() => undefined);
  const client = new Client({ connectionString: adminUrl, application_name: 'hub-provision-roles' });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOCK_KEY]);
    const [{ database, superuser } = { database: '', superuser: false }] = (
      await client.query<{ database: string; superuser: boolean }>(
        `SELECT current_database() AS database, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`,
      )
    ).rows;
    if (!superuser) {
      throw new Error(
        'The admin connection must be a PostgreSQL superuser to create the roles of the hub ' +
          '(or switch the per-service roles off, see README "Database roles").',
      );
    }
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${PASSWORD_SCHEMA}`);
    await client.query(`REVOKE ALL ON SCHEMA ${PASSWORD_SCHEMA} FROM PUBLIC`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${PASSWORD_TABLE} (role name PRIMARY KEY, password text NOT NULL)`);
    await client.query(`REVOKE ALL ON ${PASSWORD_TABLE} FROM PUBLIC`);
    const stored = new Map(
      (await client.query<{ role: string; password: string }>(`SELECT role, password FROM ${PASSWORD_TABLE}`)).rows.map(
        (r) => [r.role, r.password],
      ),
    );

    const ensureRole = async (name: string, given: string | undefined): Promise<string> => {
      const password = given ?? stored.get(name) ?? randomPassword();
      const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount !== 0;
      if (!exists) {
        await client.query(`CREATE ROLE ${ident(name)} ${ROLE_ATTRIBUTES} PASSWORD ${literal(password)}`);
        log(`database role ${name} created`);
      } else {
        await client.query(`ALTER ROLE ${ident(name)} ${ROLE_ATTRIBUTES}`);
        // Only when it changed: a running service keeps connecting with the stored one.
        if (stored.get(name) !== password)
          await client.query(`ALTER ROLE ${ident(name)} PASSWORD ${literal(password)}`);
      }
      if (stored.get(name) !== password) {
        await client.query(
          `INSERT INTO ${PASSWORD_TABLE} (role, password) VALUES ($1, $2)
           ON CONFLICT (role) DO UPDATE SET password = excluded.password`,
          [name, password],
        );
      }
      await client.query(`COMMENT ON ROLE ${ident(name)} IS ${literal(roleComment(database))}`);
      await client.query(`GRANT CONNECT ON DATABASE ${ident(database)} TO ${ident(name)}`);
      return password;
    };

    // Nobody else connects, creates schemas or makes temporary tables here (PUBLIC's defaults).
    await client.query(`REVOKE ALL ON DATABASE ${ident(database)} FROM PUBLIC`);
    await client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');

    const result: Record<string, SubgraphDatabaseUrls | GatewayDatabaseUrls> = {};
    for (const { name, dbSchema } of subgraphs) {
      const owner = roleName(database, dbSchema, 'owner');
      const runtime = roleName(database, dbSchema, 'runtime');
      const ownerPassword = await ensureRole(owner, undefined);
      const runtimePassword = await ensureRole(runtime, options.passwords?.[name]);
      // The migrations say CREATE SCHEMA IF NOT EXISTS, which PostgreSQL checks against this right
      // even when the schema exists. A new schema of its own gives no access to anyone else's.
      await client.query(`GRANT CREATE ON DATABASE ${ident(database)} TO ${ident(owner)}`);
      await grantSchema(client, dbSchema, owner, runtime);
      result[name] = {
        ownerUrl: urlFor(adminUrl, owner, ownerPassword),
        runtimeUrl: urlFor(adminUrl, runtime, runtimePassword),
      };
    }
    const listener = roleName(database, 'gateway', 'listener');
    const listenerPassword = await ensureRole(listener, options.passwords?.['gateway']);
    result['gateway'] = { listenUrl: urlFor(adminUrl, listener, listenerPassword) };
    await client.query('COMMIT');
    return result as DatabaseRoles;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** The schema and its objects belong to `owner`; `runtime` may use rows, sequences and functions. */
async function grantSchema(client: Client, schema: string, owner: string, runtime: string): Promise<void> {
  const s = ident(schema);
  const o = ident(owner);
  const r = ident(runtime);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${s} AUTHORIZATION ${o}`);
  await client.query(`ALTER SCHEMA ${s} OWNER TO ${o}`);
  await transferOwnership(client, schema, owner);
  await client.query(`REVOKE ALL ON SCHEMA ${s} FROM PUBLIC`);
  await client.query(`GRANT USAGE ON SCHEMA ${s} TO ${r}`);
  await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA ${s} TO ${r}`);
  await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`);
  await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${s} TO ${r}`);
  // The same for whatever later migrations (run as the owner) create.
  const defaults = `ALTER DEFAULT PRIVILEGES FOR ROLE ${o} IN SCHEMA ${s} GRANT`;
  await client.query(`${defaults} SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO ${r}`);
  await client.query(`${defaults} USAGE, SELECT ON SEQUENCES TO ${r}`);
  await client.query(`${defaults} EXECUTE ON FUNCTIONS TO ${r}`);
}

/**
 * Objects made before the roles existed (a data folder or deployment from an earlier version:
 * migrations ran as the superuser) are handed to the owner, so its later migrations may alter
 * them. Sequences of serial/identity columns follow their table.
 */
async function transferOwnership(client: Client, schema: string, owner: string): Promise<void> {
  const relations = await client.query<{ name: string; kind: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name, c.relkind::text AS kind
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
       AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = $2)
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                       AND d.deptype IN ('a', 'i') AND c.relkind = 'S')`,
    [schema, owner],
  );
  const alter: Record<string, string> = {
    r: 'TABLE',
    p: 'TABLE',
    v: 'VIEW',
    m: 'MATERIALIZED VIEW',
    S: 'SEQUENCE',
    f: 'FOREIGN TABLE',
  };
  for (const { name, kind } of relations.rows) {
    await client.query(`ALTER ${alter[kind] ?? 'TABLE'} ${name} OWNER TO ${ident(owner)}`);
  }
  const routines = await client.query<{ signature: string }>(
    `SELECT p.oid::regprocedure::text AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = $1 AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = $2)`,
    [schema, owner],
  );
  for (const { signature } of routines.rows) await client.query(`ALTER ROUTINE ${signature} OWNER TO ${ident(owner)}`);
  const types = await client.query<{ name: string; kind: string }>(
    `SELECT format('%I.%I', n.nspname, t.typname) AS name, t.typtype::text AS kind
     FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = $1 AND t.typtype IN ('e', 'd', 'r') AND t.typowner <> (SELECT oid FROM pg_roles WHERE rolname = $2)`,
    [schema, owner],
  );
  for (const { name, kind } of types.rows) {
    await client.query(`ALTER ${kind === 'd' ? 'DOMAIN' : 'TYPE'} ${name} OWNER TO ${ident(owner)}`);
  }
}

/** Drops the roles `provisionDatabaseRoles` made for `database` (after the database itself is gone). */
export async function dropDatabaseRoles(client: Client, database: string): Promise<void> {
  const roles = await client.query<{ rolname: string }>(
    `SELECT rolname FROM pg_roles WHERE shobj_description(oid, 'pg_authid') = $1`,
    [roleComment(database)],
  );
  for (const { rolname } of roles.rows) await client.query(`DROP ROLE IF EXISTS ${ident(rolname)}`);
}

/** `<NAME>_DB_PASSWORD` ("land-by" → LAND_BY_DB_PASSWORD; "gateway" for the listener). */
export function passwordEnvName(service: string): string {
  return `${service.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_DB_PASSWORD`;
}

/** ProvisionOptions.passwords from the environment: only those set. */
export function passwordsFromEnv(env: NodeJS.ProcessEnv, services: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    services.flatMap((s) => {
      const value = env[passwordEnvName(s)];
      return value ? [[s, value]] : [];
    }),
  );
}

/** DATABASE_ROLES=off: every service uses the one URL it is given (e.g. a server without a superuser). */
export function databaseRolesEnabled(env: NodeJS.ProcessEnv): boolean {
  return !['off', 'false', '0'].includes((env['DATABASE_ROLES'] ?? '').toLowerCase());
}
