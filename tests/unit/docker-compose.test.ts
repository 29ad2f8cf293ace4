import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readRegistry, REPO_ROOT, routingUrlEnvName } from '../../schema/registry';

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
  it('has PostgreSQL, every registered subgraph and the gateway, and nothing else', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['gateway', 'postgres', ...registry.map((e) => e.name)].sort(),
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

  it('uses the same database credentials in PostgreSQL, every subgraph and the gateway', () => {
    const env = compose.services['postgres']?.environment ?? {};
    const expected = `postgres://${env['POSTGRES_USER']}:${env['POSTGRES_PASSWORD']}@postgres:5432/${env['POSTGRES_DB']}`;
    for (const entry of registry) expect(compose.services[entry.name]?.environment?.['DATABASE_URL']).toBe(expected);
    // The gateway LISTENs there for writes that bypass it (response cache invalidation).
    expect(compose.services['gateway']?.environment?.['DATABASE_URL']).toBe(expected);
  });
});
