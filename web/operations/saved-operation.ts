/**
 * What a saved operation is, and the template tag every operation text here is written with.
 * No DOM and no Node APIs: the explorer's bundle, the scripts and the tests all read these files.
 */

export interface SavedOperation {
  /** The GraphQL operation name, which is also the tab title in the explorer. */
  name: string;
  /** What it answers, in German, as shown in the explorer's list. */
  title: string;
  description: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Request headers the tab opens with (the editing example's bearer token). */
  headers?: Record<string, string>;
}

/**
 * An operation text as written between backticks, without the first line break and with exactly
 * one at the end, so the explorer's editor opens it without a blank first line.
 */
export function text(strings: TemplateStringsArray, ...values: unknown[]): string {
  return `${String.raw(strings, ...values)
    .replace(/^\n/, '')
    .trimEnd()}\n`;
}

/**
 * A selection that several operations share, placed at a column: its first line goes where the
 * `${…}` stands, every further line is indented by `column` spaces, so the result reads as if
 * written out in place.
 */
export function nested(selection: string, column: number): string {
  return selection
    .trim()
    .split('\n')
    .join(`\n${' '.repeat(column)}`);
}
