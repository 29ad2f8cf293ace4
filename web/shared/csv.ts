/**
 * CSV for German spreadsheet programs, the dialect of `npm run export` (scripts/bulk/csv.ts):
 * UTF-8 with BOM, `;` as delimiter, CRLF line ends, and a cell in double quotes (inner quotes
 * doubled) when it holds `;`, a quote, a line break or leading or trailing white space.
 *
 * Dependency-free so the browser bundle can use it; a unit test keeps it byte-identical to
 * scripts/bulk/csv.ts.
 */
import { resultTable } from './result-table';

export const BOM = '\uFEFF';
export const DELIMITER = ';';
export const LINE_END = '\r\n';

const NEEDS_QUOTES = /[;"\r\n]|^\s|\s$/;

export function csvCell(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Header and rows as one CSV text, BOM first and every record (the last too) ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return BOM + [header, ...rows].map((record) => `${record.map(csvCell).join(DELIMITER)}${LINE_END}`).join('');
}

/** A result's data as CSV: its first list flattened into rows (see result-table.ts). */
export function resultCsv(data: unknown): string {
  const table = resultTable(data);
  return toCsv(table.header, table.rows);
}

/** A value as JSON text as it is written to a file: indented, with a final line end. */
export function resultJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
