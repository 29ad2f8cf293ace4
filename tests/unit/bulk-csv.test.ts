import { stringify } from 'csv-stringify/sync';
import { BOM, detectDelimiter, parseCsv, stringifyCsv } from '../../scripts/bulk/csv';
import { toCsvRow, type ExportColumns } from '../../scripts/bulk/exporter';
import { KIND_SPECS } from '../../scripts/bulk/kinds';
import { readImportText } from '../../scripts/bulk/read-file';

describe('detectDelimiter', () => {
  it.each([
    ['externalId;title;areas\n1;a;b', ';'],
    ['externalId,title,areas\n1;a;b', ','],
    [`${BOM}externalId;title\n`, ';'],
    ['"a;b",c,d\n', ','],
    ['"x,y";z\n', ';'],
    ['externalId\n1', ';'],
  ])('reads %j as %p from the header line only', (text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});

describe('parseCsv', () => {
  it('strips a byte order mark and keeps umlauts', () => {
    const table = parseCsv(`${BOM}externalId;title\r\nm-1;Förderung für Mädchen und Jungen – Größe ß\r\n`);
    expect(table.header.cells).toEqual(['externalId', 'title']);
    expect(table.records[0]?.cells).toEqual(['m-1', 'Förderung für Mädchen und Jungen – Größe ß']);
  });

  it('follows RFC 4180: quoted delimiters, doubled quotes, line breaks inside quotes', () => {
    const table = parseCsv('a,b\n"x, y","Er sagte ""Hallo"""\n"eins\nzwei\r\ndrei",z\nlast,row\n');
    expect(table.delimiter).toBe(',');
    expect(table.records.map((r) => r.cells)).toEqual([
      ['x, y', 'Er sagte "Hallo"'],
      ['eins\nzwei\r\ndrei', 'z'],
      ['last', 'row'],
    ]);
  });

  it('numbers records by the line they start on, across multi-line cells and skipped lines', () => {
    const text = ['h1;h2', 'a;"1', '2', '3"', '', 'b;x', ';', 'c;y', ''].join('\r\n');
    const table = parseCsv(text);
    expect(table.header.line).toBe(1);
    expect(table.records.map((r) => [r.cells[0], r.line])).toEqual([
      ['a', 2],
      ['b', 6],
      ['c', 8],
    ]);
  });

  it('takes a quote inside an unquoted cell as a character', () => {
    expect(parseCsv('a;b\n1;Sprachkurs "Plus"\n').records[0]?.cells).toEqual(['1', 'Sprachkurs "Plus"']);
  });

  it('reports an unclosed quote as a syntax error', () => {
    expect(() => parseCsv('a;b\n1;2\n3;"open\nmore\n')).toThrow(
      expect.objectContaining({ name: 'CsvSyntaxError', line: 4 }),
    );
  });
});

describe('stringifyCsv', () => {
  it('writes for German spreadsheets: BOM, semicolons, CRLF, quotes only where needed', () => {
    const text = stringifyCsv(
      ['externalId', 'title'],
      [
        ['m-1', 'Köln; Süd'],
        ['m-2', 'Sie sagte "ja"'],
        ['m-3', 'zwei\nZeilen'],
        ['m-4', 'schlicht'],
      ],
    );
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.slice(1).split('\r\n')).toEqual([
      'externalId;title',
      'm-1;"Köln; Süd"',
      'm-2;"Sie sagte ""ja"""',
      'm-3;"zwei\nZeilen"',
      'm-4;schlicht',
      '',
    ]);
  });
});

describe('CSV export → import parsing', () => {
  const spec = KIND_SPECS.federal;
  const columns: ExportColumns = { columns: [...spec.columns], readOnly: [...spec.readOnly], skipped: [] };

  /** A list item as the hub's federalMeasures query returns it. */
  const item = {
    id: 'measure:bund:sprachkurs',
    externalId: 'ext-ä-1',
    version: 3,
    title: 'Sprachkurs „Deutsch; für alle“ – Köln/Düsseldorf',
    shortTitle: 'SK "plus"',
    summary: 'Erste Zeile; mit Semikolon.\nZweite Zeile, mit Komma und Umlauten: äöüÄÖÜß.',
    type: 'COURSE',
    owner: { code: 'BMAS' },
    implementationLevel: 'KOMMUNE',
    areas: ['LANGUAGE', 'SOCIETY'],
    targetGroups: [{ code: 'WOMEN_AND_GIRLS' }, { code: 'FAMILIES' }],
    grundangebot: 'JOB_RELATED_LANGUAGE',
    implementers: [
      { name: 'Bundesamt für Migration und Flüchtlinge', ressort: { code: 'BAMF' } },
      { name: 'Träger; e. V.', ressort: null },
    ],
    legalBasis: ['§ 45a AufenthG', 'DeuFöV | Anlage 1'],
    languages: ['de', 'tr'],
    status: 'PLANNED',
    url: 'https://example.org/kurs?a=1;b=2',
    validFrom: '2026-01',
    validTo: null,
    minAge: 16,
    maxAgeExclusive: null,
    canObligeParticipation: true,
    obligationEnforcement: 'Teilnahmepflicht nach § 44a; Sanktion: Leistungskürzung',
    fundingMethod: 'PROGRAMME',
    modelProject: false,
    testPhaseEndsOn: null,
    scalingPlan: null,
    successControl: { status: 'PLANNED', plannedFor: '2027-06', description: 'Evaluation „Wirkung“; extern' },
    draft: false,
    budget: '1,5 Mio. €',
    contacts: [{ name: 'Jürgen Groß', role: 'Referat; MI 3', email: 'j.gross@bmas.bund.de', phone: null }],
    coordinationStatus: 'IN_COORDINATION',
    updatedAt: '2026-05-01T10:00:00.000Z',
    lastReviewedAt: null,
    reviewDue: true,
  };

  it('reads back exactly the input the hub would get from the measure', () => {
    const header = [...columns.columns.map((c) => c.name), ...columns.readOnly.map((r) => r.name)];
    const text = stringifyCsv(header, [toCsvRow(item, columns)]);
    const read = readImportText(text, 'csv', spec);
    expect(read.problems).toEqual([]);
    expect(read.rows).toHaveLength(1);
    expect(read.rows[0]?.line).toBe(2);
    expect(read.rows[0]?.input).toEqual({
      externalId: 'ext-ä-1',
      title: item.title,
      shortTitle: item.shortTitle,
      summary: item.summary,
      type: 'COURSE',
      owner: 'BMAS',
      implementationLevel: 'KOMMUNE',
      areas: ['LANGUAGE', 'SOCIETY'],
      targetGroups: ['WOMEN_AND_GIRLS', 'FAMILIES'],
      grundangebot: 'JOB_RELATED_LANGUAGE',
      implementers: [{ name: 'Bundesamt für Migration und Flüchtlinge', ressort: 'BAMF' }, { name: 'Träger; e. V.' }],
      legalBasis: ['§ 45a AufenthG', 'DeuFöV | Anlage 1'],
      languages: ['de', 'tr'],
      status: 'PLANNED',
      url: item.url,
      validFrom: '2026-01',
      validTo: null,
      minAge: 16,
      maxAgeExclusive: null,
      canObligeParticipation: true,
      obligationEnforcement: item.obligationEnforcement,
      fundingMethod: 'PROGRAMME',
      modelProject: false,
      testPhaseEndsOn: null,
      scalingPlan: null,
      successControl: item.successControl,
      draft: false,
      budget: '1,5 Mio. €',
      contacts: [{ name: 'Jürgen Groß', role: 'Referat; MI 3', email: 'j.gross@bmas.bund.de' }],
      coordinationStatus: 'IN_COORDINATION',
    });
  });

  it('also reads the same file saved with commas and LF by another program', () => {
    const header = columns.columns.map((c) => c.name);
    const semicolons = stringifyCsv(header, [toCsvRow(item, { ...columns, readOnly: [] })]);
    const table = parseCsv(semicolons);
    const commas = stringify([table.header.cells, ...table.records.map((r) => r.cells)]);
    expect(commas).not.toContain('\r\n');
    expect(detectDelimiter(commas)).toBe(',');
    const a = readImportText(semicolons, 'csv', spec);
    const b = readImportText(commas, 'csv', spec);
    expect(b.problems).toEqual([]);
    expect(b.rows.map((r) => r.input)).toEqual(a.rows.map((r) => r.input));
  });
});
