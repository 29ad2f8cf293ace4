import { BOM } from '../../scripts/bulk/csv';
import { KIND_SPECS } from '../../scripts/bulk/kinds';
import { formatOf, readImportText } from '../../scripts/bulk/read-file';

const federal = KIND_SPECS.federal;
const regional = KIND_SPECS.regional;

function csv(...lines: string[]): string {
  return lines.join('\r\n') + '\r\n';
}

describe('formatOf', () => {
  it('takes --format, else the extension', () => {
    expect(formatOf('a.JSON')).toBe('json');
    expect(formatOf('a.csv')).toBe('csv');
    expect(formatOf('a.txt')).toBe('csv');
    expect(formatOf('a.csv', 'json')).toBe('json');
    expect(() => formatOf('a.csv', 'xlsx')).toThrow(/csv or json/);
  });
});

describe('reading a CSV file', () => {
  it('maps columns to input fields, case-insensitively, skipping read-only _ columns', () => {
    const read = readImportText(
      csv(
        `${BOM}ExternalId;TITLE;areas;targetGroups;minAge;modelProject;_id;_version`,
        'm-1;Sprachcafé;LANGUAGE|SOCIETY;FAMILIES;14;nein;measure:bund:x;3',
      ),
      'csv',
      federal,
    );
    expect(read.problems).toEqual([]);
    expect(read.rows).toEqual([
      {
        line: 2,
        ok: true,
        input: {
          externalId: 'm-1',
          title: 'Sprachcafé',
          areas: ['LANGUAGE', 'SOCIETY'],
          targetGroups: ['FAMILIES'],
          minAge: 14,
          modelProject: false,
        },
      },
    ]);
  });

  it('sends an empty cell as null, but leaves an empty status out (it cannot be cleared)', () => {
    const read = readImportText(csv('externalId;summary;status;areas', 'm-1;;;'), 'csv', federal);
    expect(read.rows[0]?.input).toEqual({ externalId: 'm-1', summary: null, areas: null });
  });

  it('builds successControl from its three columns, null when all are empty', () => {
    const read = readImportText(
      csv(
        'externalId;successControl.status;successControl.plannedFor;successControl.description',
        'm-1;planned;2027-06;Evaluation',
        'm-2;;;',
      ),
      'csv',
      federal,
    );
    expect(read.problems).toEqual([]);
    expect(read.rows.map((r) => r.input['successControl'])).toEqual([
      { status: 'PLANNED', plannedFor: '2027-06', description: 'Evaluation' },
      null,
    ]);
  });

  it('reports unknown and repeated columns on line 1 and does not go on to the rows', () => {
    const read = readImportText(csv('externalId;titel;areas;Areas', 'm-1;x;LANGUAGE;SOCIETY'), 'csv', federal);
    expect(read.structural).toBe(true);
    expect(read.problems).toEqual([
      expect.objectContaining({ line: 1, column: 'titel', rule: 'UNKNOWN_COLUMN' }),
      expect.objectContaining({ line: 1, column: 'areas', rule: 'DUPLICATE_COLUMN' }),
    ]);
  });

  it('needs an externalId column, and an externalId used once per row', () => {
    expect(readImportText(csv('title', 'x'), 'csv', federal).problems).toEqual([
      expect.objectContaining({ line: 1, column: 'externalId', rule: 'EXTERNAL_ID_REQUIRED' }),
    ]);
    const read = readImportText(csv('externalId;title', 'a;1', ';2', 'a;3'), 'csv', federal);
    expect(read.problems).toEqual([
      expect.objectContaining({ line: 3, column: 'externalId', rule: 'EXTERNAL_ID_REQUIRED' }),
      expect.objectContaining({
        line: 4,
        column: 'externalId',
        rule: 'DUPLICATE_EXTERNAL_ID',
        message: 'externalId "a" is also used on line 2',
      }),
    ]);
    expect(read.rows.map((r) => r.ok)).toEqual([true, false, false]);
  });

  it('reports every bad cell of every row with its line and column, skipping blank rows', () => {
    const read = readImportText(
      csv(
        'externalId;title;minAge;draft;areas;contacts',
        'm-1;"zwei',
        'Zeilen";zwölf;true;LANGUAGE;',
        '',
        ';;;;;',
        'm-2;ok;3;vielleicht;KULTUR|SOCIETY;[{"name":',
        'm-3;ok;3;false',
      ),
      'csv',
      federal,
    );
    expect(read.structural).toBe(false);
    expect(read.problems.map((p) => [p.line, p.column, p.rule])).toEqual([
      [2, 'minAge', 'INVALID_NUMBER'],
      [6, 'draft', 'INVALID_BOOLEAN'],
      [6, 'areas', 'UNKNOWN_VALUE'],
      [6, 'contacts', 'INVALID_JSON'],
      [7, null, 'COLUMN_COUNT'],
    ]);
    expect(read.rows.map((r) => [r.line, r.ok])).toEqual([
      [2, false],
      [6, false],
      [7, false],
    ]);
  });

  it('reads a comma-separated file with LF line ends the same way', () => {
    const read = readImportText('externalId,title,areas\nm-1,"Köln; Süd, Nord",LANGUAGE\n', 'csv', federal);
    expect(read.rows[0]?.input).toEqual({ externalId: 'm-1', title: 'Köln; Süd, Nord', areas: ['LANGUAGE'] });
  });

  it('reports a broken file as one problem', () => {
    const read = readImportText('externalId;title\nm-1;"offen\n', 'csv', federal);
    expect(read.structural).toBe(true);
    expect(read.problems).toEqual([expect.objectContaining({ rule: 'FILE_UNREADABLE' })]);
  });

  it('knows the regional columns and spots an ARS that lost its leading zero', () => {
    const read = readImportText(
      csv(
        'externalId;ars;responsible;partners;parentFederalMeasure',
        'r-1;9564;Stadt Nürnberg;A|B;measure:bund:jmd',
        'r-2;09;;;',
      ),
      'csv',
      regional,
    );
    expect(read.problems).toEqual([
      expect.objectContaining({
        line: 2,
        column: 'ars',
        rule: 'ARS_INVALID',
        message: expect.stringMatching(/leading 0/),
      }),
    ]);
    expect(read.rows[1]?.input).toEqual({
      externalId: 'r-2',
      ars: '09',
      responsible: null,
      partners: null,
      parentFederalMeasure: null,
    });
    expect(readImportText(csv('externalId;owner', 'r-1;BMAS'), 'csv', regional).problems).toEqual([
      expect.objectContaining({ column: 'owner', rule: 'UNKNOWN_COLUMN' }),
    ]);
  });
});

describe('reading a JSON file', () => {
  const text = [
    '[',
    '  {',
    '    "externalId": "m-1",',
    '    "title": "Sprachcafé \\"Mitte\\"",',
    '    "_id": "measure:bund:x",',
    '    "successControl": { "status": "DONE", "plannedFor": null },',
    '    "status": null',
    '  },',
    '  { "externalId": "m-2", "minAge": "12", "areas": ["LANGUAGE", "KULTUR"], "titel": "x" },',
    '  "kein Objekt",',
    '  { "externalId": "m-1", "successControl": { "status": "SOON", "when": "2027" } }',
    ']',
  ].join('\n');

  it('reads objects shaped like the GraphQL input, with the line each starts on', () => {
    const read = readImportText(text, 'json', federal);
    expect(read.rows.map((r) => r.line)).toEqual([2, 9, 10, 11]);
    expect(read.rows[0]).toEqual({
      line: 2,
      ok: true,
      input: { externalId: 'm-1', title: 'Sprachcafé "Mitte"', successControl: { status: 'DONE', plannedFor: null } },
    });
  });

  it('reports every problem with its line and field; an unknown field once', () => {
    const read = readImportText(text, 'json', federal);
    expect(read.structural).toBe(true);
    expect(read.problems.map((p) => [p.line, p.column, p.rule])).toEqual([
      [9, 'minAge', 'INVALID_NUMBER'],
      [9, 'areas', 'UNKNOWN_VALUE'],
      [9, 'titel', 'UNKNOWN_COLUMN'],
      [10, null, 'NOT_AN_OBJECT'],
      [11, 'successControl.status', 'UNKNOWN_VALUE'],
      [11, 'successControl.when', 'INVALID_VALUE'],
      [11, 'externalId', 'DUPLICATE_EXTERNAL_ID'],
    ]);
  });

  it('reports a syntax error with its line', () => {
    const read = readImportText('[\n  {"externalId": "a"},\n  {"externalId": }\n]', 'json', federal);
    expect(read.problems).toEqual([expect.objectContaining({ line: 3, rule: 'FILE_UNREADABLE' })]);
    expect(readImportText('{"externalId": "a"}', 'json', federal).problems).toEqual([
      expect.objectContaining({ line: 1, rule: 'FILE_UNREADABLE', message: expect.stringMatching(/array/) }),
    ]);
  });
});
