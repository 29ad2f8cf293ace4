/**
 * Reading an import file (CSV or JSON) into GraphQL input rows, with every problem that can be
 * found without the server: unknown columns, malformed numbers, booleans and JSON cells, unknown
 * enum values, missing or repeated external ids.
 */
import path from 'node:path';
import { CellError, checkJsonValue, parseCell } from './cells';
import { columnByName, type ColumnSpec } from './columns';
import { CsvSyntaxError, parseCsv } from './csv';
import { JsonFileError, parseJsonArray } from './json-file';
import type { KindSpec } from './kinds';
import { LOCAL_RULES, type Problem } from './problems';

export type FileFormat = 'csv' | 'json';

/** `--format` if given, otherwise the file's extension (.json is JSON, everything else CSV). */
export function formatOf(file: string, explicit?: string): FileFormat {
  if (explicit === 'csv' || explicit === 'json') return explicit;
  if (explicit) throw new Error(`--format must be csv or json, not "${explicit}"`);
  return path.extname(file).toLowerCase() === '.json' ? 'json' : 'csv';
}

export interface ImportRow {
  /** Line where the row starts in the file. */
  line: number;
  input: Record<string, unknown>;
  /** False when the row has a local problem; such rows are not sent to the server. */
  ok: boolean;
}

export interface ReadResult {
  rows: ImportRow[];
  problems: Problem[];
  /** Problems with the file as a whole (unknown columns, syntax): the server is not asked then. */
  structural: boolean;
  /** Input fields the file sets, with the line and column that first sets each. */
  fields: Map<string, { line: number; column: string }>;
  /** CSV column headers in file order (for JSON: the keys as first seen). */
  columns: string[];
}

const ARS = /^(\d{2}|\d{5}|\d{12})$/;

function problem(line: number, column: string | null, rule: keyof typeof LOCAL_RULES, message?: string): Problem {
  return { line, column, rule, message: message ?? LOCAL_RULES[rule] };
}

/** Checks that need the whole row or the whole file: external ids, ARS keys. */
function checkRows(rows: ImportRow[], problems: Problem[], spec: KindSpec, hasExternalIdColumn: boolean): void {
  const seen = new Map<string, number>();
  for (const row of rows) {
    const fail = (column: string, rule: keyof typeof LOCAL_RULES, message?: string) => {
      problems.push(problem(row.line, column, rule, message));
      row.ok = false;
    };
    const raw = row.input['externalId'];
    const id = typeof raw === 'string' ? raw.trim() : '';
    if (!id) {
      if (hasExternalIdColumn) fail('externalId', 'EXTERNAL_ID_REQUIRED');
    } else if (seen.has(id)) {
      fail('externalId', 'DUPLICATE_EXTERNAL_ID', `externalId "${id}" is also used on line ${seen.get(id)}`);
    } else seen.set(id, row.line);
    const ars = row.input['ars'];
    if (spec.kind === 'regional' && typeof ars === 'string' && !ARS.test(ars.trim())) {
      const lostZero = /^\d{1}$|^\d{4}$/.test(ars.trim());
      fail(
        'ars',
        'ARS_INVALID',
        `"${ars}" is not an ARS (2, 5 or 12 digits)${lostZero ? '; a spreadsheet may have dropped its leading 0' : ''}`,
      );
    }
  }
}

/** Puts parsed values into an input object; the successControl.* columns fill one object. */
function setValue(input: Record<string, unknown>, column: ColumnSpec, value: unknown): void {
  if (column.inputField === 'successControl') {
    const part = column.name.slice('successControl.'.length);
    const current = (input['successControl'] as Record<string, unknown> | null | undefined) ?? {};
    input['successControl'] = { ...current, [part]: value };
    return;
  }
  if (value === null && column.emptyMeansOmit) return;
  input[column.inputField] = value;
}

/** A successControl whose parts are all empty is no success control at all. */
function finishSuccessControl(input: Record<string, unknown>): void {
  const sc = input['successControl'] as Record<string, unknown> | null | undefined;
  if (sc && Object.values(sc).every((v) => v === null)) input['successControl'] = null;
}

function readCsv(text: string, spec: KindSpec): ReadResult {
  const problems: Problem[] = [];
  const table = parseCsv(text);
  const headerLine = table.header.line;
  const mapped: (ColumnSpec | null)[] = [];
  const fields = new Map<string, { line: number; column: string }>();
  let structural = false;
  table.header.cells.forEach((rawName, index) => {
    const name = rawName.trim();
    const column = columnByName(spec.columns, name);
    if (name.startsWith('_') || (name === '' && table.records.every((r) => (r.cells[index] ?? '') === ''))) {
      mapped.push(null);
    } else if (!column) {
      problems.push(
        problem(
          headerLine,
          name || `#${index + 1}`,
          'UNKNOWN_COLUMN',
          name
            ? `Unknown column "${name}" (columns: see docs/IMPORT-EXPORT.md; read-only columns start with _)`
            : `Column ${index + 1} has no header but holds values`,
        ),
      );
      structural = true;
      mapped.push(null);
    } else if (mapped.includes(column)) {
      problems.push(problem(headerLine, column.name, 'DUPLICATE_COLUMN', `The column "${column.name}" appears twice`));
      structural = true;
      mapped.push(null);
    } else {
      mapped.push(column);
      if (!fields.has(column.inputField)) fields.set(column.inputField, { line: headerLine, column: column.name });
    }
  });
  const hasExternalIdColumn = mapped.some((c) => c?.inputField === 'externalId');
  if (!hasExternalIdColumn) {
    problems.push(problem(headerLine, 'externalId', 'EXTERNAL_ID_REQUIRED', 'The file has no externalId column'));
    structural = true;
  }

  const width = table.header.cells.length;
  const shifted = new Set<ImportRow>();
  const rows = table.records.map((record): ImportRow => {
    const row: ImportRow = { line: record.line, input: {}, ok: true };
    const extra = record.cells.slice(width).some((c) => c !== '');
    if (record.cells.length < width || extra) {
      problems.push(
        problem(
          record.line,
          null,
          'COLUMN_COUNT',
          `The row has ${record.cells.length} cells, the header ${width}; check quotes and delimiters`,
        ),
      );
      row.ok = false;
      // The cells are shifted: checking them one by one would only repeat the problem.
      shifted.add(row);
      return row;
    }
    mapped.forEach((column, index) => {
      if (!column) return;
      try {
        setValue(row.input, column, parseCell(column.type, record.cells[index] ?? ''));
      } catch (error) {
        if (!(error instanceof CellError)) throw error;
        problems.push({ line: record.line, column: column.name, rule: error.rule, message: error.message });
        row.ok = false;
      }
    });
    finishSuccessControl(row.input);
    return row;
  });
  checkRows(
    rows.filter((r) => !shifted.has(r)),
    problems,
    spec,
    hasExternalIdColumn,
  );
  return { rows, problems, structural, fields, columns: table.header.cells.map((c) => c.trim()) };
}

function readJsonRow(
  value: unknown,
  line: number,
  spec: KindSpec,
  problems: Problem[],
  unknownKeys: Set<string>,
  fields: ReadResult['fields'],
): ImportRow {
  const row: ImportRow = { line, input: {}, ok: true };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(problem(line, null, 'NOT_AN_OBJECT'));
    row.ok = false;
    return row;
  }
  const fail = (column: string, rule: string, message: string) => {
    problems.push({ line, column, rule, message });
    row.ok = false;
  };
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    if (key.startsWith('_')) continue;
    const parts = spec.columns.filter((c) => c.inputField === key);
    if (parts.length === 0) {
      if (!unknownKeys.has(key)) {
        unknownKeys.add(key);
        problems.push(problem(line, key, 'UNKNOWN_COLUMN', `Unknown field "${key}" (see docs/IMPORT-EXPORT.md)`));
      }
      row.ok = false;
      continue;
    }
    if (!fields.has(key)) fields.set(key, { line, column: key });
    if (key === 'successControl') {
      if (raw === null) {
        row.input[key] = null;
        continue;
      }
      if (typeof raw !== 'object' || Array.isArray(raw)) {
        fail(key, 'INVALID_VALUE', 'successControl must be an object {status, plannedFor, description} or null');
        continue;
      }
      const sc: Record<string, unknown> = {};
      for (const [part, partValue] of Object.entries(raw as Record<string, unknown>)) {
        const column = parts.find((c) => c.name === `successControl.${part}`);
        if (!column) {
          fail(
            `${key}.${part}`,
            'INVALID_VALUE',
            `successControl has no field "${part}" (status, plannedFor, description)`,
          );
          continue;
        }
        try {
          sc[part] = checkJsonValue(column.type, partValue);
        } catch (error) {
          if (!(error instanceof CellError)) throw error;
          fail(column.name, error.rule, error.message);
        }
      }
      row.input[key] = sc;
      continue;
    }
    const column = parts[0] as ColumnSpec;
    try {
      setValue(row.input, column, checkJsonValue(column.type, raw));
    } catch (error) {
      if (!(error instanceof CellError)) throw error;
      fail(key, error.rule, error.message);
    }
  }
  return row;
}

function readJson(text: string, spec: KindSpec): ReadResult {
  const problems: Problem[] = [];
  const unknownKeys = new Set<string>();
  const fields: ReadResult['fields'] = new Map();
  const elements = parseJsonArray(text);
  const rows = elements.map((e) => readJsonRow(e.value, e.line, spec, problems, unknownKeys, fields));
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  checkRows(
    rows.filter((_, i) => isObject(elements[i]?.value)),
    problems,
    spec,
    true,
  );
  const columns = [...fields.keys()];
  return { rows, problems, structural: unknownKeys.size > 0, fields, columns };
}

/** Reads and checks an import file's text; a file that is no CSV or JSON at all is one problem. */
export function readImportText(text: string, format: FileFormat, spec: KindSpec): ReadResult {
  try {
    return format === 'json' ? readJson(text, spec) : readCsv(text, spec);
  } catch (error) {
    if (error instanceof CsvSyntaxError || error instanceof JsonFileError) {
      return {
        rows: [],
        problems: [{ line: error.line, column: null, rule: 'FILE_UNREADABLE', message: error.message }],
        structural: true,
        fields: new Map(),
        columns: [],
      };
    }
    throw error;
  }
}
