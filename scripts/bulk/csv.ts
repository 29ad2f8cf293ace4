import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export const BOM = '\uFEFF';

export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/**
 * `;` (German spreadsheet programs) or `,` (everybody else), whichever occurs more often in the
 * header line outside quotes; `;` when neither does.
 */
export function detectDelimiter(text: string): ';' | ',' {
  const body = stripBom(text);
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of body) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semicolons += 1;
    else if (!quoted && ch === ',') commas += 1;
  }
  return commas > semicolons ? ',' : ';';
}

export interface CsvRecord {
  /** Line where the record starts (a quoted cell may span lines); the header is line 1. */
  line: number;
  cells: string[];
}

export interface CsvTable {
  delimiter: ';' | ',';
  header: CsvRecord;
  records: CsvRecord[];
}

/** A CSV syntax error (e.g. an unclosed quote), with the line csv-parse reports. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

interface ParsedWithInfo {
  record: string[];
  /** `bytes`: UTF-8 offset just after the record and its line end. */
  info: { bytes: number };
}

/** Line numbers of byte offsets that only grow (CRLF, LF or CR each end one line). */
function lineCounter(buffer: Buffer): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    for (; at < offset && at < buffer.length; at += 1) {
      const byte = buffer[at];
      if (byte === 0x0a || (byte === 0x0d && buffer[at + 1] !== 0x0a)) line += 1;
    }
    return line;
  };
}

/**
 * RFC 4180 CSV (UTF-8, BOM tolerated, CRLF or LF) into the header and the data records, each
 * with the line it starts on. Empty lines are skipped, and so are rows whose cells are all empty
 * (spreadsheet programs write those below the data).
 */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): CsvTable {
  const body = stripBom(text);
  let parsed: ParsedWithInfo[];
  try {
    parsed = parse(body, {
      delimiter,
      info: true,
      relax_column_count: true,
      // A quote inside an unquoted cell (Sprachkurs "Plus") is taken as a character.
      relax_quotes: true,
      skip_empty_lines: true,
    }) as unknown as ParsedWithInfo[];
  } catch (error) {
    const e = error as { message?: string; lines?: number };
    throw new CsvSyntaxError(e.message ?? String(error), e.lines ?? 1);
  }
  // csv-parse's own line count counts a CRLF inside quotes twice, so lines are counted here.
  const buffer = Buffer.from(body, 'utf8');
  const lineAt = lineCounter(buffer);
  const records: CsvRecord[] = [];
  let start = 0;
  for (const { record, info } of parsed) {
    while (buffer[start] === 0x0a || buffer[start] === 0x0d) start += 1;
    records.push({ line: lineAt(start), cells: record });
    start = info.bytes;
  }
  const [header, ...rest] = records;
  return {
    delimiter,
    header: header ?? { line: 1, cells: [] },
    records: rest.filter((r) => r.cells.some((c) => c.trim() !== '')),
  };
}

/**
 * CSV for German spreadsheet programs: UTF-8 with BOM (so Excel reads umlauts right), `;` as
 * delimiter, CRLF line ends, cells quoted when they hold `;`, quotes or line breaks.
 */
export function stringifyCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return (
    BOM +
    stringify([header, ...rows], {
      delimiter: ';',
      record_delimiter: '\r\n',
      // csv-stringify quotes only the record delimiter (CRLF) by itself, not a lone LF in a cell.
      quoted_match: /[\r\n]|^\s|\s$/,
    })
  );
}
