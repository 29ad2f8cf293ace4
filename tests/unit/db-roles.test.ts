import {
  databaseRolesEnabled,
  passwordEnvName,
  passwordsFromEnv,
  roleName,
} from '../../subgraphs/shared/platform/db-roles';

describe('database role names', () => {
  it('name the database, the schema and the kind', () => {
    expect(roleName('integration_hub', 'federal', 'runtime')).toBe('integration_hub_federal_runtime');
    expect(roleName('integration_hub', 'land_by', 'owner')).toBe('integration_hub_land_by_owner');
    expect(roleName('integration_hub', 'gateway', 'listener')).toBe('integration_hub_gateway_listener');
  });

  it("stay within PostgreSQL's 63 bytes and apart for long database names", () => {
    const long = `hub_${'x'.repeat(70)}`;
    const a = roleName(`${long}_a`, 'federal', 'runtime');
    const b = roleName(`${long}_b`, 'federal', 'runtime');
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(63);
    expect(a).toMatch(/_runtime$/);
    expect(a).not.toBe(b);
    expect(roleName(`${long}_a`, 'federal', 'runtime')).toBe(a);
  });

  it('keep to characters that need no quoting', () => {
    expect(roleName('Hub-Test', 'land-by', 'owner')).toBe('hub_test_land_by_owner');
  });
});

describe('database settings from the environment', () => {
  it('read a password per service, only those set', () => {
    expect(passwordEnvName('land-by')).toBe('LAND_BY_DB_PASSWORD');
    expect(
      passwordsFromEnv({ FEDERAL_DB_PASSWORD: 'f', GATEWAY_DB_PASSWORD: 'g' }, ['federal', 'laender', 'gateway']),
    ).toEqual({ federal: 'f', gateway: 'g' });
  });

  it('switch the roles off only when asked', () => {
    expect(databaseRolesEnabled({})).toBe(true);
    expect(databaseRolesEnabled({ DATABASE_ROLES: 'on' })).toBe(true);
    expect(databaseRolesEnabled({ DATABASE_ROLES: 'off' })).toBe(false);
  });
});
