import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readRegistry, REPO_ROOT, routingUrlEnvName } from '../../schema/registry';
import { passwordEnvName, roleName } from '../../subgraphs/shared/platform/db-roles';

interface Service {
  build?: unknown;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: unknown;
}

const compose = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const registry = readRegistry();

describe('docker-compose.yml', () => {
  it('has PostgreSQL, its one-shot setup, every registered subgraph and the gateway, and nothing else', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['db-setup', 'gateway', 'postgres', ...registry.map((e) => e.name)].sort(),
    );
  });

  it.each(registry.map((e) => [e.name, e] as const))(
    'runs subgraph %s on its registry port against the compose database',
    (name, entry) => {
      const service = compose.services[name];
      expect(service?.build).toBe('.');
      expect(service?.environment?.['PORT']).toBe(String(entry.port));
      expect(service?.environment?.['HOST']).toBe('0.0.0.0');
      expect(service?.environment?.['DATABASE_URL']).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
      expect(service?.ports).toEqual([`${entry.port}:${entry.port}`]);
      const mainFile = service?.command?.at(-1) ?? '';
      expect(mainFile).toBe(`subgraphs/${name}/main.ts`);
      expect(existsSync(path.join(REPO_ROOT, mainFile))).toBe(true);
    },
  );

  it('points the gateway at every subgraph by service name and registry port', () => {
    const gateway = compose.services['gateway'];
    expect(gateway?.environment?.['PORT']).toBe('4000');
    for (const entry of registry) {
      expect(gateway?.environment?.[routingUrlEnvName(entry.name)]).toBe(`http://${entry.name}:${entry.port}/graphql`);
    }
    expect(existsSync(path.join(REPO_ROOT, gateway?.command?.at(-1) ?? ''))).toBe(true);
  });

  it('makes every service verify tokens with the same secret, which the operator must set', () => {
    for (const name of ['gateway', ...registry.map((e) => e.name)]) {
      expect(compose.services[name]?.environment?.['JWT_SECRET']).toMatch(/^\$\{JWT_SECRET:\?.+\}$/);
    }
  });

  const postgres = compose.services['postgres']?.environment ?? {};
  const database = postgres['POSTGRES_DB'] ?? '';
  const setup = compose.services['db-setup'];
  /** The variable a `${NAME:?message}` value takes, or undefined. */
  const required = (value: string | undefined) => value?.match(/^\$\{([A-Z0-9_]+):\?.+\}$/)?.[1];

  it('gives the superuser a password the operator must set, and its URL to db-setup only', () => {
    expect(required(postgres['POSTGRES_PASSWORD'])).toBe('POSTGRES_PASSWORD');
    const adminUrl = `postgres://${postgres['POSTGRES_USER']}:${postgres['POSTGRES_PASSWORD']}@postgres:5432/${database}`;
    expect(setup?.environment?.['DATABASE_ADMIN_URL']).toBe(adminUrl);
    expect(setup?.command?.at(-1)).toBe('scripts/seed.ts');
    for (const name of ['gateway', ...registry.map((e) => e.name)]) {
      const values = Object.values(compose.services[name]?.environment ?? {});
      expect(values.filter((v) => v.includes('POSTGRES_PASSWORD'))).toEqual([]);
      expect(values.filter((v) => v.startsWith(`postgres://${postgres['POSTGRES_USER']}:`))).toEqual([]);
    }
  });

  it.each(registry.map((e) => [e.name] as const))(
    'runs subgraph %s as its own runtime role, after db-setup has migrated and seeded',
    (name) => {
      const service = compose.services[name];
      const password = passwordEnvName(name);
      expect(service?.environment?.['DATABASE_URL']).toBe(
        `postgres://${roleName(database, name.replace(/-/g, '_'), 'runtime')}:\${${password}:?Set ${password}}@postgres:5432/${database}`,
      );
      expect(service?.environment?.['MIGRATE']).toBe('false');
      expect(service?.environment?.['SEED']).toBe('false');
      expect(service?.environment).not.toHaveProperty('MIGRATION_DATABASE_URL');
      expect(service?.environment).not.toHaveProperty('DATABASE_ADMIN_URL');
      expect(service?.depends_on).toEqual({ 'db-setup': { condition: 'service_completed_successfully' } });
      // db-setup sets the same password for that role.
      expect(setup?.environment?.[password]).toBe(`\${${password}:?Set ${password}}`);
    },
  );

  it('lets the gateway LISTEN as the listener role, which reads no table', () => {
    const gateway = compose.services['gateway']?.environment ?? {};
    expect(gateway['DATABASE_URL']).toBe(
      `postgres://${roleName(database, 'gateway', 'listener')}:\${GATEWAY_DB_PASSWORD:?Set GATEWAY_DB_PASSWORD}@postgres:5432/${database}`,
    );
    expect(required(setup?.environment?.['GATEWAY_DB_PASSWORD'])).toBe('GATEWAY_DB_PASSWORD');
  });
});
