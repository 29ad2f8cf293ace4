import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { spawnTs } from '../support/child-process';
import { startTestHub, type TestHub } from '../support/test-hub';

/**
 * `npm run export:query` as a child process against the real hub: an analytics result and a
 * search, as CSV a German spreadsheet program reads, and as JSON.
 */

let hub: TestHub;
let dir: string;

beforeAll(async () => {
  hub = await startTestHub();
  dir = await mkdtemp(path.join(tmpdir(), 'hub-export-query-'));
});

afterAll(async () => {
  await hub?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function exportQuery(args: string[]): Promise<{ code: number | null; output: string }> {
  const run = spawnTs('scripts/export-query.ts', { HUB_URL: hub.gateway.graphqlUrl, HUB_TOKEN: '' }, args);
  const code = await run.exited;
  return { code, output: run.output() };
}

/** Reads CSV as a spreadsheet program set to German does: BOM, `;`, quoted cells. */
function readCsv(bytes: Buffer): Record<string, string>[] {
  expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  return parse(bytes.toString('utf8'), { delimiter: ';', bom: true, columns: true });
}

describe('npm run export:query', () => {
  it('exports a saved analytics operation as CSV with the measures lacking a success control', async () => {
    const out = path.join(dir, 'erfolgskontrolle.csv');
    const { code, output } = await exportQuery(['--saved', 'SuccessControlCoverage', '--out', out]);
    expect(output).toMatch(/Exported \d+ rows/);
    expect(code).toBe(0);
    const rows = readCsv(await readFile(out));
    const bmi = rows.find((r) => r['owner'] === 'BMI');
    expect(bmi?.['ownerName']).toBe('Bundesministerium des Innern, für Bau und Heimat');
    expect(Number(bmi?.['measures'])).toBeGreaterThan(0);
    // The measures without one sit in one cell, joined with |.
    expect(bmi?.['uncovered.id']?.split('|')).toContain('measure:bund:integrationskurs');
    expect(bmi?.['uncovered.title']?.split('|')).toContain('Integrationskurs');
  });

  it('exports a search as CSV with umlauts intact and as JSON', async () => {
    const query = '{ search(text: "Beratung", first: 50) { hits { kind id title } } }';
    const csvOut = path.join(dir, 'suche.csv');
    expect((await exportQuery(['--query', query, '--out', csvOut])).code).toBe(0);
    const rows = readCsv(await readFile(csvOut));
    expect(rows.map((r) => r['title'])).toContain(
      'Integrationskursbegleitende Beratung zur Kinderbetreuung und Kinderbeaufsichtigung',
    );
    expect(rows.some((r) => /[äöüß]/.test(r['title'] ?? ''))).toBe(true);

    const jsonOut = path.join(dir, 'suche.json');
    expect((await exportQuery(['--query', query, '--out', jsonOut])).code).toBe(0);
    const json = JSON.parse(await readFile(jsonOut, 'utf8')) as { search: { hits: { title: string }[] } };
    expect(json.search.hits.map((h) => h.title)).toEqual(rows.map((r) => r['title']));
  });

  it('refuses a mutation and reports GraphQL errors with their exit codes, writing nothing', async () => {
    const out = path.join(dir, 'nichts.csv');
    const mutation = await exportQuery(['--query', 'mutation { refreshAnalytics { syncedAt } }', '--out', out]);
    expect(mutation.code).toBe(2);
    expect(mutation.output).toMatch(/only reads/);
    const badArs = await exportQuery(['--query', '{ place(ars: "99999") { name } }', '--out', out]);
    expect(badArs.code).toBe(3);
    expect(badArs.output).toMatch(/BAD_USER_INPUT|Regionalschlüssel/);
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });
});
