import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringifyCsv } from '../../scripts/bulk/csv';
import type { HubClient } from '../../scripts/bulk/client';
import type { Io } from '../../scripts/bulk/cli';
import { parseExportQueryArgs, runQueryExport, selectOperation } from '../../scripts/export-query';
import { BOM, resultCsv, resultJson, toCsv } from '../../web/shared/csv';
import { findRowList, responseData, resultTable, scalarCell } from '../../web/shared/result-table';

/** Reads CSV the way a spreadsheet program set to German would: `;`, BOM, quoted cells. */
function readCsv(text: string): string[][] {
  const rows: string[][] = parse(text, { delimiter: ';', bom: true, relax_column_count: true });
  return rows;
}

const TRICKY = [
  'Förderung für Mädchen und Jungen – Größe ß, Ärger, Öl, Übung',
  'eins; zwei; drei',
  'Er sagte "Hallo" und ging',
  'Zeile 1\nZeile 2',
  'Zeile 1\r\nZeile 2',
  '"ganz in Anführungszeichen"',
  ' führendes und folgendes Leerzeichen ',
  'Bundesprogramm „Demokratie leben!“',
  '',
  'a|b',
];

describe('resultTable: the first list in the result becomes the rows', () => {
  const headline = {
    data: {
      targetGroup: {
        code: 'WOMEN_AND_GIRLS',
        label: 'Frauen und Mädchen',
        federalOffers: [
          { id: 'measure:bund:integrationskurs', title: 'Integrationskurs', level: 'BUND', owner: { code: 'BMI' } },
          { id: 'measure:bund:mbe', title: 'Migrationsberatung', level: 'BUND', owner: null },
        ],
        regionalOffers: [{ id: 'x', title: 'y' }],
      },
      place: { name: 'Nürnberg' },
    },
  };

  it('takes the first list depth-first in field order, nested objects as dotted columns', () => {
    const table = resultTable(headline.data);
    expect(table.path).toEqual(['targetGroup', 'federalOffers']);
    expect(table.header).toEqual(['id', 'title', 'level', 'owner.code']);
    expect(table.rows).toEqual([
      ['measure:bund:integrationskurs', 'Integrationskurs', 'BUND', 'BMI'],
      ['measure:bund:mbe', 'Migrationsberatung', 'BUND', ''],
    ]);
  });

  it('takes the data of a response; a response with errors only has none', () => {
    expect(responseData({ ...headline, errors: [{ message: 'x' }], extensions: {} })).toBe(headline.data);
    expect(responseData({ errors: [{ message: 'x' }] })).toBeUndefined();
    // A field that happens to be called "data" or "errors" is just a field.
    expect(resultTable({ errors: [{ code: 'x' }] }).rows).toEqual([['x']]);
  });

  it('joins lists of scalars with | and the fields of nested lists of objects position by position', () => {
    const table = resultTable({
      reviewFreshness: [
        {
          owner: 'BMAS',
          areas: ['LANGUAGE', 'SOCIETY'],
          dueMeasures: [{ id: 'a', title: 'A' }, { id: 'b' }, { id: 'c', title: 'C' }],
        },
        { owner: 'BMI', areas: [], dueMeasures: [] },
      ],
    });
    expect(table.header).toEqual(['owner', 'areas', 'dueMeasures.id', 'dueMeasures.title']);
    expect(table.rows).toEqual([
      ['BMAS', 'LANGUAGE|SOCIETY', 'a|b|c', 'A||C'],
      ['BMI', '', '', ''],
    ]);
  });

  it('keeps only the object columns of a field that is null in some rows', () => {
    const table = resultTable({ list: [{ institute: null }, { institute: { name: 'IAB' } }] });
    expect(table.header).toEqual(['institute.name']);
    expect(table.rows).toEqual([[''], ['IAB']]);
  });

  it('skips lists of scalars when looking for the rows; without a list of objects the result is one row', () => {
    const table = resultTable({ federalMeasure: { title: 'JMD', areas: ['SOCIETY'], owner: { code: 'BMFSFJ' } } });
    expect(table.path).toEqual([]);
    expect(table.header).toEqual(['federalMeasure.title', 'federalMeasure.areas', 'federalMeasure.owner.code']);
    expect(table.rows).toEqual([['JMD', 'SOCIETY', 'BMFSFJ']]);
  });

  it('gives no rows for an empty list, and none for null data', () => {
    expect(resultTable({ search: { totalCount: 0, hits: [] } })).toEqual({
      path: ['search', 'hits'],
      header: [],
      rows: [],
    });
    expect(resultTable(null).rows).toEqual([]);
    expect(findRowList({ a: { b: 1 } })).toBeNull();
  });

  it('writes whole numbers as they are and fractions with a decimal comma', () => {
    expect([scalarCell(3), scalarCell(0.125), scalarCell(-2.5), scalarCell(true), scalarCell(null)]).toEqual([
      '3',
      '0,125',
      '-2,5',
      'true',
      '',
    ]);
  });
});

describe('CSV for German spreadsheet programs', () => {
  it('starts with a BOM, separates with ; and ends every record with CRLF', () => {
    const text = toCsv(['a', 'b'], [['1', '2']]);
    expect(text.startsWith(BOM)).toBe(true);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(text).toBe(`${BOM}a;b\r\n1;2\r\n`);
  });

  it('round-trips umlauts, ;, quotes, line breaks and spaces through csv-parse', () => {
    const rows = TRICKY.map((cell, i) => [String(i), cell, `${cell}|x`]);
    const text = toCsv(['nr', 'Titel', 'Liste'], rows);
    expect(readCsv(text)).toEqual([['nr', 'Titel', 'Liste'], ...rows]);
    // Only the line ends between records are CRLF outside quotes: one per record.
    const outsideQuotes = text.replace(/"(?:[^"]|"")*"/g, '');
    expect(outsideQuotes.match(/\r\n/g)).toHaveLength(rows.length + 1);
    expect(outsideQuotes.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('quotes only the cells that need it', () => {
    expect(toCsv(['x'], [['schlicht'], ['a;b'], ['a"b'], ['a\nb'], [' a'], ['Größe']])).toBe(
      `${BOM}x\r\nschlicht\r\n"a;b"\r\n"a""b"\r\n"a\nb"\r\n" a"\r\nGröße\r\n`,
    );
  });

  it('is byte for byte the dialect of npm run export (scripts/bulk/csv.ts)', () => {
    const rows = TRICKY.map((cell) => [cell, cell.toUpperCase(), '']);
    expect(toCsv(['Titel', 'TITEL', 'leer'], rows)).toBe(stringifyCsv(['Titel', 'TITEL', 'leer'], rows));
    expect(toCsv([], [])).toBe(stringifyCsv([], []));
  });

  it('turns a GraphQL result into a CSV that reads back as the table', () => {
    const data = {
      search: {
        totalCount: 2,
        hits: TRICKY.slice(0, 5).map((title, i) => ({
          kind: 'FEDERAL_MEASURE',
          title,
          rank: i + 0.5,
          place: { name: 'Nürnberg; Stadt' },
          areas: ['LANGUAGE', 'SOCIETY'],
        })),
      },
    };
    const [header, ...rows] = readCsv(resultCsv(data));
    expect(header).toEqual(['kind', 'title', 'rank', 'place.name', 'areas']);
    expect(rows.map((r) => r[1])).toEqual(TRICKY.slice(0, 5));
    expect(rows[0]).toEqual(['FEDERAL_MEASURE', TRICKY[0], '0,5', 'Nürnberg; Stadt', 'LANGUAGE|SOCIETY']);
  });

  it('writes JSON indented with a final line end, umlauts as they are', () => {
    expect(resultJson({ a: 'Größe' })).toBe('{\n  "a": "Größe"\n}\n');
  });
});

describe('npm run export:query', () => {
  const env = {};

  it('runs the one operation of a document, refuses mutations and names the choices', () => {
    const doc =
      'query A { laender { name } } query B { ressorts { code } } mutation C { refreshAnalytics { syncedAt } }';
    expect(selectOperation('{ laender { name } }', undefined)).toBe('{ laender { name } }');
    expect(selectOperation(doc, 'B')).toContain('query B');
    expect(selectOperation(doc, 'B')).not.toContain('query A');
    expect(() => selectOperation(doc, undefined)).toThrow(/3 operations \(A, B, C\).*--operation/);
    expect(() => selectOperation(doc, 'C')).toThrow(/C is a mutation: export:query only reads/);
    expect(() => selectOperation('{ laender { ', undefined)).toThrow(/does not parse \(line 1, column 13\)/);
  });

  it('takes a saved operation with its variables, overridden by --variables, and the format from --out', () => {
    const parsed = parseExportQueryArgs(
      ['--saved', 'OffersWomenNuremberg', '--variables', '{"ars":"05114"}', '--out', 'x.json'],
      env,
    );
    if (parsed.kind !== 'run') throw new Error('expected a run');
    expect(parsed.options.variables).toEqual({ code: 'WOMEN_AND_GIRLS', ars: '05114' });
    expect(parsed.options.format).toBe('json');
    expect(parsed.options.query).toContain('query OffersWomenNuremberg');
    expect(parsed.connection.url).toBe('http://localhost:4000/graphql');
  });

  it('refuses unclear arguments', () => {
    expect(() => parseExportQueryArgs([], env)).toThrow(/either --query .* or --saved/);
    expect(() => parseExportQueryArgs(['--saved', 'Nope'], env)).toThrow(/No saved operation Nope/);
    expect(() => parseExportQueryArgs(['--query', '{ a }', '--variables', '[1]'], env)).toThrow(/JSON object/);
    expect(() => parseExportQueryArgs(['--query', '{ a }', '--format', 'xlsx'], env)).toThrow(/csv or json/);
  });

  it('writes the first list as CSV with BOM, ; and CRLF to --out', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'export-query-'));
    try {
      const out = path.join(folder, 'laender.csv');
      const client = {
        request: jest.fn(async () => ({
          data: {
            laender: [
              { ars: '09', name: 'Bayern', population: 13076721 },
              { ars: '08', name: 'Baden-Württemberg', population: 11069533 },
            ],
          },
          requestBytes: 0,
        })),
      } as unknown as HubClient;
      const messages: string[] = [];
      const io: Io = {
        stdout: () => undefined,
        stderr: (t) => messages.push(t),
        stderrIsTTY: false,
        stderrStream: process.stderr,
      };
      const code = await runQueryExport(
        { query: '{ laender { ars name population } }', variables: {}, format: 'csv', out, quiet: false },
        client,
        io,
      );
      expect(code).toBe(0);
      const bytes = await readFile(out);
      expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(bytes.toString('utf8')).toBe(
        `${BOM}ars;name;population\r\n09;Bayern;13076721\r\n08;Baden-Württemberg;11069533\r\n`,
      );
      expect(messages.join('')).toMatch(/Exported 2 rows from laender, 3 columns/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
