import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '../../subgraphs/shared/platform/postgres';

function adminUrl(): string {
  const url = process.env['HUB_TEST_ADMIN_URL'];
  if (!url)
    throw new Error('HUB_TEST_ADMIN_URL is not set: run the tests through jest (tests/support/global-setup.ts)');
  return url;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database on the run's PostgreSQL server, so test files never see each other's data. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  const admin = adminUrl();
  await ensureDatabase(admin, name);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(admin, name) };
}
