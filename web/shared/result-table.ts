/**
 * A GraphQL result as a table, for the explorer's CSV download and `npm run export:query`.
 *
 * Rows: the first list in the result, depth-first in field order, whose items are objects (an
 * empty list counts, too); without such a list the whole result is one row. Columns: every field
 * of a row, nested objects as dotted paths (`place.name`); a list of scalars is one cell joined
 * with `|`; a list of objects inside a row gives one column per field path, its items' values
 * joined with `|` in item order (an item without the field leaves its place empty).
 *
 * No DOM and no Node APIs: the browser bundle and the CLI both use this module.
 */

export interface ResultTable {
  /** Where the rows were found, e.g. ["targetGroup", "federalOffers"]; [] for a single row. */
  path: string[];
  header: string[];
  rows: string[][];
}

type Plain = Record<string, unknown>;

function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The data of a GraphQL response ({ data, errors, extensions }); undefined without data. */
export function responseData(response: unknown): unknown {
  return isPlainObject(response) ? response['data'] : undefined;
}

function isRowList(value: unknown[]): boolean {
  return value.length === 0 || value.some(isPlainObject);
}

/** The first list of objects (or empty list), depth-first in field order, and its path. */
export function findRowList(value: unknown, path: string[] = []): { path: string[]; items: unknown[] } | null {
  if (Array.isArray(value)) {
    if (isRowList(value)) return { path, items: value };
    return null;
  }
  if (isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      const found = findRowList(child, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/**
 * One scalar as cell text. Numbers with a fraction take a decimal comma, as German spreadsheet
 * programs read them (the `;` delimiter is there for the same reason); whole numbers stay as they are.
 */
export function scalarCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value).replace('.', ',');
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value);
}

/** Flattens one value under `prefix` into `out` (column path → cell text). */
function flattenInto(value: unknown, prefix: string, out: Map<string, string>): void {
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 && prefix) out.set(prefix, '');
    for (const [key, child] of entries) flattenInto(child, prefix ? `${prefix}.${key}` : key, out);
    return;
  }
  if (Array.isArray(value)) {
    if (!value.some((item) => isPlainObject(item) || Array.isArray(item))) {
      out.set(prefix, value.map(scalarCell).join('|'));
      return;
    }
    // A list of objects within a row: each field path joins the items' values, position by position.
    const items = value.map((item) => {
      const cells = new Map<string, string>();
      if (isPlainObject(item)) flattenInto(item, '', cells);
      else cells.set('', Array.isArray(item) ? JSON.stringify(item) : scalarCell(item));
      return cells;
    });
    const keys: string[] = [];
    for (const cells of items) for (const key of cells.keys()) if (!keys.includes(key)) keys.push(key);
    for (const key of keys) {
      const column = key === '' ? prefix : `${prefix}.${key}`;
      out.set(column, items.map((cells) => cells.get(key) ?? '').join('|'));
    }
    if (keys.length === 0) out.set(prefix, '');
    return;
  }
  out.set(prefix, scalarCell(value));
}

/** One row (any value) as column path → cell text. */
export function flattenRow(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (isPlainObject(value)) flattenInto(value, '', out);
  else out.set('value', Array.isArray(value) ? JSON.stringify(value) : scalarCell(value));
  return out;
}

/** A result's data (the `data` of a GraphQL response) as a table; see the module comment. */
export function resultTable(data: unknown): ResultTable {
  const found = findRowList(data);
  const path = found?.path ?? [];
  const items = found ? found.items : data === null || data === undefined ? [] : [data];
  const flat = items.map(flattenRow);

  const header: string[] = [];
  const seen = new Set<string>();
  for (const row of flat) {
    for (const key of row.keys()) {
      if (!seen.has(key)) {
        seen.add(key);
        header.push(key);
      }
    }
  }
  // A field that is null in one row and an object in another: keep only the object's columns.
  const kept = header.filter(
    (column) =>
      !header.some((other) => other.startsWith(`${column}.`)) || flat.some((row) => (row.get(column) ?? '') !== ''),
  );
  return { path, header: kept, rows: flat.map((row) => kept.map((column) => row.get(column) ?? '')) };
}
