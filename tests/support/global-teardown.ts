import { rm } from 'node:fs/promises';

export default async function globalTeardown(): Promise<void> {
  const postgres = globalThis.__HUB_TEST_POSTGRES__;
  if (!postgres) return;
  await postgres.handle.stop();
  await rm(postgres.folder, { recursive: true, force: true });
}
