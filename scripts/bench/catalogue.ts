/**
 * The benchmark's catalogue: a database of its own, dropped and created anew for every size, the
 * real seed plus generated measures (`npm run seed -- --synthetic …`: deterministic copies of the
 * real measures, real vocabulary, spread over all 16 Länder and 401 Kreise, flagged synthetic).
 */
import { Client } from 'pg';
import { dropDatabase, ensureDatabase } from '../../subgraphs/shared/platform/postgres';
import { spawnTs } from './processes';

export interface CatalogueSize {
  /** Regional (Land and Kommune) measures generated, the bulk of the catalogue. */
  regional: number;
  /** Federal measures generated: one per hundred regional ones. */
  federal: number;
}

export function catalogueSize(regional: number): CatalogueSize {
  return { regional, federal: Math.round(regional / 100) };
}

export function sizeLabel(size: CatalogueSize): string {
  return `${size.regional.toLocaleString('en-US').replace(/,/g, ' ')} regional + ${size.federal.toLocaleString('en-US').replace(/,/g, ' ')} federal`;
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/hub_bench';

/** The bench database's name and a URL of the same server to create and drop it from. */
export function databaseParts(url: string): { name: string; adminUrl: string } {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!name) throw new Error(`BENCH_DATABASE_URL needs a database name: ${url}`);
  parsed.pathname = '/postgres';
  return { name, adminUrl: parsed.toString() };
}

export async function postgresVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end();
  }
}

/** Drops and creates the database, then migrates and seeds it; returns the seconds the seed took. */
export async function prepareCatalogue(url: string, size: CatalogueSize, log: (line: string) => void): Promise<number> {
  const { name, adminUrl } = databaseParts(url);
  await dropDatabase(adminUrl, name);
  await ensureDatabase(adminUrl, name);
  const started = performance.now();
  const seed = spawnTs('seed', 'scripts/seed.ts', { DATABASE_URL: url }, [
    '--synthetic',
    `federalMeasures=${size.federal},regionalMeasures=${size.regional}`,
  ]);
  const code = await new Promise<number | null>((resolve) => seed.process.once('exit', resolve));
  if (code !== 0) throw new Error(`npm run seed failed (exit ${code}):\n${seed.output()}`);
  const seconds = (performance.now() - started) / 1000;
  for (const line of seed.output().trim().split('\n'))
    if (/seeded/.test(line)) log(`  ${line.replace(/migrations \[[^\]]*\], /, '')}`);
  return seconds;
}
