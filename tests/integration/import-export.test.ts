import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { REPO_ROOT, SUPERGRAPH_PATH } from '../../schema/registry';
import { editorOf, placeEditor, TEST_AUTH } from '../support/auth';
import { freePort } from '../support/free-port';
import { startTestHub, type TestHub } from '../support/test-hub';

/**
 * The real `npm run import` / `npm run export` CLIs as child processes against a real hub, on
 * generated files. Row counts come straight from the database.
 */

let hub: TestHub;
let url: string;
let dir: string;
let bmas: string;

beforeAll(async () => {
  hub = await startTestHub({ auth: TEST_AUTH });
  url = hub.gateway.graphqlUrl;
  dir = await mkdtemp(path.join(tmpdir(), 'hub-import-'));
  bmas = await editorOf('BMAS');
});

afterAll(async () => {
  await hub?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs scripts/<name>.ts through tsx, as `npm run <name> -- …` does. (spawnTs in
 * tests/support/child-process.ts takes no arguments, and these CLIs need them.)
 */
function runCli(name: 'import' | 'export', args: string[]): Promise<CliResult> {
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [path.join('scripts', `${name}.ts`), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, HUB_TOKEN: '', HUB_URL: '', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function db(subgraph: string): DataSource {
  const entry = hub.subgraphs.get(subgraph);
  if (!entry) throw new Error(`no subgraph ${subgraph}`);
  return entry.prepared.database.dataSource;
}

async function count(table: string, subgraph = 'federal'): Promise<number> {
  const rows: { n: number }[] = await db(subgraph).query(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]?.n ?? -1;
}

// ---- generated files -------------------------------------------------------------------------

/**
 * The columns of the generated files. All rows go to the hub in one request, and the hub takes at
 * most 1 MiB (bodyLimit in subgraphs/shared/platform/http-server.ts): 3 000 rows fit only when they are
 * lean (about 290 bytes each here; see docs/IMPORT-EXPORT.md, "Large files"). The multi-line
 * `_note` cells cost nothing on the wire (the importer skips `_` columns) but shift line numbers.
 */
const HEADER = [
  'externalId',
  'title',
  'type',
  'owner',
  'areas',
  'targetGroups',
  'grundangebot',
  'status',
  'minAge',
  'fundingMethod',
  'successControl.status',
  'contacts',
  '_note',
] as const;
type Row = Partial<Record<(typeof HEADER)[number], string>>;

const pad = (n: number) => String(n).padStart(5, '0');

/** A row that passes every check; every tenth is PLANNED, every hundredth has a two-line note. */
function validRow(n: number, owner = 'BMAS'): Row {
  return {
    externalId: `imp-${pad(n)}`,
    title: `Testmaßnahme ${n} „Köln; Süd“`,
    type: n % 2 === 0 ? 'COURSE' : 'COUNSELLING',
    owner,
    areas: n % 20 === 0 ? 'LANGUAGE|EDUCATION_AND_WORK' : 'LANGUAGE|SOCIETY',
    targetGroups: 'WOMEN_AND_GIRLS',
    grundangebot: 'COMPLEMENTARY',
    status: n % 10 === 0 ? 'PLANNED' : 'ACTIVE',
    minAge: n % 3 === 0 ? '16' : '',
    fundingMethod: 'PROJECT_FUNDING',
    'successControl.status': 'DONE',
    contacts: n % 50 === 0 ? '[{"name":"Jürgen Groß","email":"j.gross@bmas.bund.de"}]' : '',
    _note: n % 100 === 0 ? 'Notiz; mit "Anführungszeichen"\nund zweiter Zeile' : '',
  };
}

function cell(value: string | undefined): string {
  const text = value ?? '';
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV file as a German spreadsheet writes it, and the line each row starts on. */
function csvFile(rows: Row[]): { text: string; lines: number[] } {
  const out = [HEADER.join(';')];
  const lines: number[] = [];
  let line = 2;
  for (const row of rows) {
    const text = HEADER.map((h) => cell(row[h])).join(';');
    lines.push(line);
    line += text.split('\n').length;
    out.push(text);
  }
  return { text: `\uFEFF${out.join('\r\n')}\r\n`, lines };
}

const VALID_COUNT = 3000;
const valid = Array.from({ length: VALID_COUNT }, (_, i) => validRow(i + 1));

/** Bad rows of different kinds, found locally or by the hub, and where they go in the file. */
const BAD: { after: number; row: Row; column: string; rule: string }[] = [
  { after: 150, row: { ...validRow(90001), areas: 'LANGAUGE|SOCIETY' }, column: 'areas', rule: 'UNKNOWN_VALUE' },
  { after: 700, row: { ...validRow(90002), minAge: 'zwölf' }, column: 'minAge', rule: 'INVALID_NUMBER' },
  {
    after: 1200,
    row: { ...validRow(90003), contacts: '[{"name": "Jürgen"' },
    column: 'contacts',
    rule: 'INVALID_JSON',
  },
  { after: 1650, row: { ...validRow(90004), title: '' }, column: 'title', rule: 'TITLE_REQUIRED' },
  {
    after: 2100,
    row: { ...validRow(90005), 'successControl.status': 'PLANNED' },
    column: 'successControl.plannedFor',
    rule: 'SUCCESS_CONTROL_DATE_REQUIRED',
  },
  { after: 2500, row: { ...validRow(90006), grundangebot: '' }, column: 'grundangebot', rule: 'GRUNDANGEBOT_REQUIRED' },
  {
    after: 2900,
    row: { ...validRow(90007), externalId: 'imp-00042' },
    column: 'externalId',
    rule: 'DUPLICATE_EXTERNAL_ID',
  },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const tokenArgs = (token: string) => ['--url', url, '--token', token];

/** `npm run import` of a federal file as BMAS's editor; `more` are further options (--quiet, --dry-run). */
const importAsBmas = (file: string, ...more: string[]) =>
  runCli('import', ['--kind', 'federal', '--file', file, ...more, ...tokenArgs(bmas)]);

/** `npm run export` of BMAS's federal measures that `filter` selects, to `out`. */
const exportBmas = (filter: Record<string, string[]>, out: string, ...more: string[]) =>
  runCli('export', [
    '--kind',
    'federal',
    '--filter',
    JSON.stringify(filter),
    '--owners',
    'BMAS',
    '--out',
    out,
    ...more,
    ...tokenArgs(bmas),
  ]);

// ---- the tests ------------------------------------------------------------------------------

describe('npm run import / export (federal)', () => {
  it('(a) reports every bad row of a 3 000-row file with its line and column, and writes nothing', async () => {
    const rows: Row[] = [];
    const badIndex: number[] = [];
    valid.forEach((row, i) => {
      rows.push(row);
      for (const bad of BAD) if (bad.after === i + 1) badIndex.push(rows.push(bad.row) - 1);
    });
    const { text, lines } = csvFile(rows);
    const file = path.join(dir, 'with-bad-rows.csv');
    await writeFile(file, text);
    const before = await count('federal.measure');

    const result = await importAsBmas(file);

    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 1, stdout: '' });
    BAD.forEach((bad, i) => {
      const line = lines[badIndex[i] as number] as number;
      expect(result.stderr).toMatch(new RegExp(`^line ${line}\\s+${escapeRegExp(bad.column)}\\s+${bad.rule}\\s`, 'm'));
    });
    expect(result.stderr).toMatch(new RegExp(`^${BAD.length} problem\\(s\\) on ${BAD.length} line\\(s\\)\\.$`, 'm'));
    expect(result.stderr).toMatch(/Nothing was written\./);
    expect(await count('federal.measure')).toBe(before);
  });

  it('(b) imports the 3 000 valid rows in one go, and a second run changes nothing', async () => {
    const file = path.join(dir, 'valid.csv');
    await writeFile(file, csvFile(valid).text);
    const before = await count('federal.measure');
    const historyBefore = await count('federal.history');

    const first = await importAsBmas(file);
    // One request of about 0.95 MB; no progress bar, as stderr is no terminal here.
    expect(first.stderr).toMatch(/^Writing 3000 federal measures in one transaction…\nRequest \d+ kB, [\d.]+ s\.\n$/);
    expect({ code: first.code, stdout: first.stdout }).toEqual({
      code: 0,
      stdout: 'Imported 3000 federal measures in one transaction: created 3000, updated 0, unchanged 0.\n',
    });
    expect(await count('federal.measure')).toBe(before + VALID_COUNT);
    const stored: unknown[] = await db('federal').query(
      `SELECT title, owner_code AS "owner", contacts, min_age AS "minAge", success_control AS "successControl"
       FROM federal.measure WHERE external_id = 'imp-00300'`,
    );
    expect(stored).toEqual([
      {
        title: 'Testmaßnahme 300 „Köln; Süd“',
        owner: 'BMAS',
        contacts: [{ name: 'Jürgen Groß', email: 'j.gross@bmas.bund.de' }],
        minAge: 16,
        successControl: { status: 'DONE', plannedFor: null, description: null },
      },
    ]);

    const again = await importAsBmas(file, '--quiet');
    expect({ code: again.code, stdout: again.stdout, stderr: again.stderr }).toEqual({
      code: 0,
      stdout: 'Imported 3000 federal measures in one transaction: created 0, updated 0, unchanged 3000.\n',
      stderr: '',
    });
    expect(await count('federal.measure')).toBe(before + VALID_COUNT);
    expect(await count('federal.history')).toBe(historyBefore + VALID_COUNT);
  });

  it('(c) --dry-run checks new and changed rows but writes nothing', async () => {
    const rows = [
      ...Array.from({ length: 40 }, (_, i) => validRow(50001 + i)),
      { ...validRow(1), title: 'Testmaßnahme 1, umbenannt' },
    ];
    const file = path.join(dir, 'dry-run.csv');
    await writeFile(file, csvFile(rows).text);
    const before = await count('federal.measure');
    const historyBefore = await count('federal.history');

    const result = await importAsBmas(file, '--dry-run');

    expect({ code: result.code, stdout: result.stdout }).toEqual({
      code: 0,
      stdout:
        'Dry run: 41 federal measures checked, no problems. 40 would be created, 1 updated, 0 stay unchanged. ' +
        'Nothing was written.\n',
    });
    expect(await count('federal.measure')).toBe(before);
    expect(await count('federal.history')).toBe(historyBefore);
    const titles: { title: string }[] = await db('federal').query(
      `SELECT title FROM federal.measure WHERE external_id = 'imp-00001'`,
    );
    expect(titles).toEqual([{ title: 'Testmaßnahme 1 „Köln; Süd“' }]);
  });

  it('(d) exports with a filter (CSV and JSON) in a form that imports back unchanged', async () => {
    const csvOut = path.join(dir, 'export.csv');
    const exported = await exportBmas({ status: ['PLANNED'] }, csvOut);
    expect({ code: exported.code, stderr: exported.stderr }).toEqual({
      code: 0,
      stderr: 'Exported 300 federal measures to ' + csvOut + '.\n',
    });
    const text = await readFile(csvOut, 'utf8');
    expect(text.startsWith('\uFEFFexternalId;title;shortTitle;summary;type;owner;')).toBe(true);
    expect(text).toMatch(/;_id;_version;_updatedAt;_lastReviewedAt;_reviewDue\r\n/);
    expect(text.split('\r\n').length).toBeGreaterThan(300);
    expect(text).toContain('\r\nimp-00300;"Testmaßnahme 300 „Köln; Süd“";;;COURSE;BMAS;;LANGUAGE|EDUCATION_AND_WORK;');
    expect(text).toContain('[{""name"":""Jürgen Groß"",""email"":""j.gross@bmas.bund.de""}]');

    const reimported = await importAsBmas(csvOut);
    expect({ code: reimported.code, stdout: reimported.stdout }).toEqual({
      code: 0,
      stdout: 'Imported 300 federal measures in one transaction: created 0, updated 0, unchanged 300.\n',
    });

    const jsonOut = path.join(dir, 'export.json');
    const json = await exportBmas({ status: ['PLANNED'], areas: ['EDUCATION_AND_WORK'] }, jsonOut, '--quiet');
    expect(json.code).toBe(0);
    const items = JSON.parse(await readFile(jsonOut, 'utf8')) as Record<string, unknown>[];
    expect(items).toHaveLength(150);
    expect(items.find((i) => i['externalId'] === 'imp-00300')).toMatchObject({
      owner: 'BMAS',
      areas: ['LANGUAGE', 'EDUCATION_AND_WORK'],
      successControl: { status: 'DONE', plannedFor: null, description: null },
      _version: 1,
    });
    const fromJson = await importAsBmas(jsonOut);
    expect({ code: fromJson.code, stdout: fromJson.stdout }).toEqual({
      code: 0,
      stdout: 'Imported 150 federal measures in one transaction: created 0, updated 0, unchanged 150.\n',
    });
  });

  it('(e) refuses an editor’s rows owned by another Ressort, each as FORBIDDEN, and writes nothing', async () => {
    const rows = [validRow(1), validRow(2), validRow(60001), validRow(60002)];
    const { text, lines } = csvFile(rows);
    const file = path.join(dir, 'other-ressort.csv');
    await writeFile(file, text);
    const before = await count('federal.measure');
    const historyBefore = await count('federal.history');

    const result = await runCli('import', ['--kind', 'federal', '--file', file, ...tokenArgs(await editorOf('BMI'))]);

    expect(result.code).toBe(1);
    for (const line of lines) expect(result.stderr).toMatch(new RegExp(`^line ${line}\\s+owner\\s+FORBIDDEN\\s`, 'm'));
    expect(result.stderr).toMatch(/BMI editor may not write measures of BMAS/);
    expect(await count('federal.measure')).toBe(before);
    expect(await count('federal.history')).toBe(historyBefore);
  });

  it('fails with exit code 2 without a token and 3 when the hub cannot be reached', async () => {
    const file = path.join(dir, 'valid.csv');
    const noToken = await runCli('import', ['--kind', 'federal', '--file', file, '--url', url]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/A token is needed.*npm run -s token/);
    const nobody = `http://127.0.0.1:${await freePort()}/graphql`;
    const unreachable = await runCli('import', ['--kind', 'federal', '--file', file, '--url', nobody, '--token', bmas]);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/Cannot reach the hub/);
  });
});

const regionalAvailable = readFileSync(SUPERGRAPH_PATH, 'utf8').includes('importRegionalMeasures(');

describe('npm run import / export (regional)', () => {
  const title = 'regional measures: import, re-import unchanged, export --ars → import unchanged';
  if (!regionalAvailable) {
    it.todo(title);
    return;
  }
  it(title, async () => {
    const header = [
      'externalId',
      'title',
      'type',
      'ars',
      'responsible',
      'partners',
      'areas',
      'targetGroups',
      'grundangebot',
      'fundingMethod',
      'successControl.status',
      'successControl.plannedFor',
    ];
    const row = (n: number, ars: string) =>
      [
        `reg-${pad(n)}`,
        `Sprachcafé ${n} „Gostenhof; Mitte“`,
        'COURSE',
        ars,
        'Amt für Integration',
        'Caritas|AWO',
        'LANGUAGE',
        'FAMILIES|WOMEN_AND_GIRLS',
        'COMPLEMENTARY',
        'PROJECT_FUNDING',
        'PLANNED',
        '2027-06',
      ]
        .map(cell)
        .join(';');
    const rows = [...Array.from({ length: 30 }, (_, i) => row(i + 1, '09564')), row(31, '09')];
    const file = path.join(dir, 'regional.csv');
    await writeFile(file, `\uFEFF${[header.join(';'), ...rows].join('\r\n')}\r\n`);
    const token = await placeEditor('09');
    const before = await count('laender.measure', 'laender');

    const first = await runCli('import', ['--kind', 'regional', '--file', file, ...tokenArgs(token)]);
    expect({ code: first.code, stdout: first.stdout }).toEqual({
      code: 0,
      stdout: 'Imported 31 regional measures in one transaction: created 31, updated 0, unchanged 0.\n',
    });
    expect(await count('laender.measure', 'laender')).toBe(before + 31);

    const out = path.join(dir, 'regional-export.csv');
    const exported = await runCli('export', [
      '--kind',
      'regional',
      '--ars',
      '09564',
      '--out',
      out,
      ...tokenArgs(token),
    ]);
    expect(exported.code).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text).toContain('reg-00001;');
    expect(text).not.toContain('reg-00031;');
    const again = await runCli('import', ['--kind', 'regional', '--file', out, ...tokenArgs(token)]);
    expect({ code: again.code, stdout: again.stdout }).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/created 0, updated 0, unchanged \d+\.\n$/),
    });
    expect(await count('laender.measure', 'laender')).toBe(before + 31);
  });
});
