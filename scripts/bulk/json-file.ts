import { stripBom } from './csv';

/** A JSON syntax error or a file that is not an array, with the line at fault. */
export class JsonFileError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'JsonFileError';
  }
}

export interface JsonElement {
  /** Line where the element starts in the file. */
  line: number;
  value: unknown;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

interface Span {
  line: number;
  start: number;
  end: number;
}

/**
 * Where each element of the top-level array starts and ends: a small scanner that skips strings
 * and nested values. It tolerates broken JSON, so a syntax error can be placed in its element.
 */
function elementSpans(text: string): Span[] {
  const spans: Span[] = [];
  let depth = 0;
  let inString = false;
  let line = 1;
  let expectElement = false;
  let current: Span | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (ch === '\n') line += 1;
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
      continue;
    }
    if (/\s/.test(ch)) continue;
    if (depth === 1 && expectElement && ch !== ']') {
      current = { line, start: i, end: text.length };
      spans.push(current);
      expectElement = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth += 1;
      if (depth === 1) expectElement = true;
    } else if (ch === ']' || ch === '}') {
      if (depth === 1 && current) current.end = i;
      depth -= 1;
    } else if (ch === ',' && depth === 1) {
      if (current) current.end = i;
      expectElement = true;
    }
  }
  return spans;
}

/** Where a syntax error is: JSON.parse's position if it gives one, else the first broken element. */
function errorLine(text: string, message: string): number {
  const position = /position (\d+)/.exec(message)?.[1];
  if (position) return lineAt(text, Number(position));
  for (const span of elementSpans(text)) {
    try {
      JSON.parse(text.slice(span.start, span.end));
    } catch {
      return span.line;
    }
  }
  return 1;
}

/** A JSON file holding an array; each element with the line it starts on. */
export function parseJsonArray(raw: string): JsonElement[] {
  const text = stripBom(raw);
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    throw new JsonFileError(`Not valid JSON: ${message}`, errorLine(text, message));
  }
  if (!Array.isArray(value)) throw new JsonFileError('The file must hold a JSON array of objects', 1);
  const spans = elementSpans(text);
  return (value as unknown[]).map((v, i) => ({ line: spans[i]?.line ?? 1, value: v }));
}

/** An array of objects, two-space indented, one element after the other. */
export function stringifyJsonArray(rows: readonly Record<string, unknown>[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}
