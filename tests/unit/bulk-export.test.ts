import { parse } from 'graphql';
import { exportColumns, listQueryText, toCsvRow, toJsonRow } from '../../scripts/bulk/exporter';
import { columnOfField, translateErrors } from '../../scripts/bulk/importer';
import { stringifyJsonArray } from '../../scripts/bulk/json-file';
import { KIND_SPECS } from '../../scripts/bulk/kinds';
import { formatProblems } from '../../scripts/bulk/problems';
import { readImportText, type ImportRow } from '../../scripts/bulk/read-file';

const federal = KIND_SPECS.federal;
const regional = KIND_SPECS.regional;
const allOf = (spec: typeof federal) =>
  new Set([...spec.columns.map((c) => c.outputField), ...spec.readOnly.map((r) => r.outputField), 'externalId']);

const regionalItem = {
  id: 'measure:kommune:nuernberg:sprachcafe',
  externalId: null,
  version: 2,
  title: 'Sprachcafé Gostenhof – „Deutsch; gemeinsam“',
  shortTitle: null,
  summary: 'Treffpunkt für Mütter und Väter.',
  type: 'COURSE',
  place: { ars: '09564' },
  land: { ars: '09' },
  level: 'KOMMUNE',
  responsible: 'Amt für Integration; Nürnberg',
  partners: ['Caritas', 'AWO | Kreisverband'],
  implementationLevel: null,
  areas: ['LANGUAGE'],
  targetGroups: [{ code: 'FAMILIES' }],
  grundangebot: 'COMPLEMENTARY',
  parentFederalMeasure: { id: 'measure:bund:integrationskurs' },
  parentRegionalMeasure: null,
  legalBasis: [],
  languages: ['de', 'ar'],
  status: 'ACTIVE',
  url: null,
  validFrom: null,
  validTo: null,
  minAge: null,
  maxAgeExclusive: null,
  canObligeParticipation: false,
  obligationEnforcement: null,
  fundingMethod: 'PROJECT_FUNDING',
  modelProject: false,
  testPhaseEndsOn: null,
  scalingPlan: null,
  successControl: { status: 'DONE', plannedFor: null, description: null },
  draft: false,
  budget: null,
  contacts: [],
  coordinationStatus: null,
  updatedAt: '2026-05-01T10:00:00.000Z',
  lastReviewedAt: null,
  reviewDue: true,
};

describe('exportColumns', () => {
  it('exports every column when the hub has every field', () => {
    const columns = exportColumns(federal, allOf(federal), new Set(federal.columns.map((c) => c.inputField)));
    expect(columns.columns.map((c) => c.name)).toEqual(federal.columns.map((c) => c.name));
    expect(columns.readOnly.map((r) => r.name)).toEqual([
      '_id',
      '_version',
      '_updatedAt',
      '_lastReviewedAt',
      '_reviewDue',
    ]);
    expect(columns.skipped).toEqual([]);
  });

  it('leaves out what an older hub cannot read or import, but always keeps externalId', () => {
    const output = new Set(['id', 'title', 'place', 'areas', 'targetGroups', 'level']);
    const columns = exportColumns(regional, output, null);
    expect(columns.columns.map((c) => c.name)).toEqual(['externalId', 'title', 'ars', 'areas', 'targetGroups']);
    expect(columns.readOnly.map((r) => r.name)).toEqual(['_id', '_level']);
    expect(columns.skipped).toContain('budget (RegionalMeasure has no budget)');
    const query = listQueryText(regional, columns, output);
    expect(() => parse(query)).not.toThrow();
    expect(query).not.toMatch(/externalId/);
    expect(query).toMatch(/regionalMeasures\(filter: \$filter, includeKommunen: true/);
  });

  it('writes a list query that parses, selecting what the columns read', () => {
    const output = allOf(federal);
    const query = listQueryText(federal, exportColumns(federal, output, null), output);
    expect(() => parse(query)).not.toThrow();
    expect(query).toMatch(/federalMeasures\(filter: \$filter, owners: \$owners, first: \$first, offset: \$offset\)/);
    expect(query).toMatch(/implementers \{ name ressort \{ code \} \}/);
  });
});

describe('export rows', () => {
  const columns = exportColumns(regional, allOf(regional), null);

  it('use the hub id as externalId when a measure has none', () => {
    expect(toJsonRow(regionalItem, columns)['externalId']).toBe('measure:kommune:nuernberg:sprachcafe');
    expect(toCsvRow(regionalItem, columns)[0]).toBe('measure:kommune:nuernberg:sprachcafe');
  });

  it('are shaped like the GraphQL input in JSON, with read-only _ fields', () => {
    const row = toJsonRow(regionalItem, columns);
    expect(row).toMatchObject({
      ars: '09564',
      partners: ['Caritas', 'AWO | Kreisverband'],
      parentFederalMeasure: 'measure:bund:integrationskurs',
      parentRegionalMeasure: null,
      targetGroups: ['FAMILIES'],
      successControl: { status: 'DONE', plannedFor: null, description: null },
      contacts: [],
      _id: regionalItem.id,
      _version: 2,
      _level: 'KOMMUNE',
      _land: '09',
    });
  });

  it('read back through the JSON import as the same input', () => {
    const json = stringifyJsonArray([toJsonRow(regionalItem, columns)]);
    const read = readImportText(json, 'json', regional);
    expect(read.problems).toEqual([]);
    const { _id, _version, _level, _land, _updatedAt, _lastReviewedAt, _reviewDue, ...input } = toJsonRow(
      regionalItem,
      columns,
    );
    expect([_id, _version, _level, _land, _updatedAt, _lastReviewedAt, _reviewDue]).toHaveLength(7);
    expect(read.rows[0]?.input).toEqual(input);
  });
});

describe('server errors in the report', () => {
  it('point at the file column the field came from', () => {
    expect(columnOfField('successControl.plannedFor', 'SUCCESS_CONTROL_DATE_REQUIRED', 'csv', federal)).toBe(
      'successControl.plannedFor',
    );
    expect(columnOfField('implementers.1.ressort', 'RESSORT_UNKNOWN', 'csv', federal)).toBe('implementers');
    expect(columnOfField('implementers.1.ressort', 'RESSORT_UNKNOWN', 'json', federal)).toBe('implementers.1.ressort');
    expect(columnOfField('input.title', 'TITLE_REQUIRED', 'csv', federal)).toBe('title');
    expect(columnOfField(null, 'FORBIDDEN', 'csv', federal)).toBe('owner');
    expect(columnOfField(null, 'FORBIDDEN', 'csv', regional)).toBe('ars');
  });

  it('carry the file line of the row the server numbered within its chunk', () => {
    const chunk: ImportRow[] = [
      { line: 502, input: {}, ok: true },
      { line: 505, input: {}, ok: true },
    ];
    const problems = translateErrors(
      [{ row: 2, rule: 'TITLE_REQUIRED', field: 'title', message: 'A measure needs a title' }],
      chunk,
      'csv',
      federal,
    );
    expect(problems).toEqual([
      { line: 505, column: 'title', rule: 'TITLE_REQUIRED', message: 'A measure needs a title' },
    ]);
    expect(formatProblems(problems)).toBe(
      'line 505  title  TITLE_REQUIRED  A measure needs a title\n1 problem(s) on 1 line(s).\n',
    );
  });
});
