/** One problem with an import file, found locally or by the server's dry run. */
export interface Problem {
  /** Line in the file (1 = the CSV header or the JSON file's first line). */
  line: number;
  /** Column (CSV) or field path (JSON) at fault; null when the whole row or file is. */
  column: string | null;
  /** Stable code: the server's rule (TITLE_REQUIRED, FORBIDDEN, …) or a local one (INVALID_NUMBER, …). */
  rule: string;
  message: string;
}

/** Local rule codes, in the spirit of the server's (see docs/IMPORT-EXPORT.md). */
export const LOCAL_RULES = {
  FILE_UNREADABLE: 'The file cannot be parsed as CSV or JSON',
  UNKNOWN_COLUMN: 'The column is not one the importer knows',
  DUPLICATE_COLUMN: 'The column appears twice',
  COLUMN_COUNT: 'The row has more or fewer cells than the header',
  NOT_AN_OBJECT: 'A JSON row must be an object',
  INVALID_NUMBER: 'Not a whole number',
  INVALID_BOOLEAN: 'Not true or false',
  INVALID_JSON: 'Not valid JSON',
  INVALID_VALUE: 'The value has the wrong shape',
  UNKNOWN_VALUE: 'Not one of the allowed values',
  EXTERNAL_ID_REQUIRED: 'Every imported row needs an externalId',
  DUPLICATE_EXTERNAL_ID: 'The externalId is used by another row of the file',
  ARS_INVALID: 'An ARS has 2 (Land), 5 (Kreis) or 12 digits',
} as const;

export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || (a.column ?? '').localeCompare(b.column ?? ''));
}

/** At most this many problems go to the terminal; `--report FILE` writes them all. */
export const MAX_SHOWN = 200;

/** A plain-text table: line, column, rule, message — one problem a line, in file order. */
export function formatProblems(problems: readonly Problem[], maxShown = Number.POSITIVE_INFINITY): string {
  const sorted = sortProblems(problems);
  const shown = sorted.slice(0, maxShown);
  const rows = shown.map((p) => [`line ${p.line}`, p.column ?? '-', p.rule, p.message]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  const lines = rows.map((r) =>
    r
      .map((cell, i) => (i < 3 ? cell.padEnd(widths[i] as number) : cell))
      .join('  ')
      .trimEnd(),
  );
  if (sorted.length > shown.length) {
    lines.push(`… and ${sorted.length - shown.length} more (--report FILE writes every problem to a CSV file)`);
  }
  const rowCount = new Set(sorted.map((p) => p.line)).size;
  return `${lines.join('\n')}\n${sorted.length} problem(s) on ${rowCount} line(s).\n`;
}

/** Every problem as a CSV file for spreadsheets (same conventions as the export). */
export function problemsCsvRows(problems: readonly Problem[]): string[][] {
  return sortProblems(problems).map((p) => [String(p.line), p.column ?? '', p.rule, p.message]);
}
