/**
 * `npm run docs`: writes the README's table of error codes from
 * subgraphs/shared/platform/error-code-docs.ts, between the two markers in "Errors", aligned as
 * prettier aligns Markdown tables (so `npm run format:check` agrees). `--check` exits 1 when the
 * README differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CODE_DOCS } from '../../subgraphs/shared/platform/error-code-docs';

export const README_PATH = path.resolve(__dirname, '..', '..', 'README.md');
export const TABLE_START =
  '<!-- error codes: written by `npm run docs` from subgraphs/shared/platform/error-code-docs.ts -->';
export const TABLE_END = '<!-- end of error codes -->';

/** The table as Markdown, each column padded to its widest cell. */
export function errorCodeTable(): string {
  const rows = Object.entries(ERROR_CODE_DOCS).map(([code, doc]) => [
    `\`${code}\`${doc.http ? ` (${doc.http})` : ''}`,
    doc.when,
  ]);
  const header = ['Code', 'When'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - [...c].length)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The README with the table between the markers replaced by the current one. */
export function readmeWithErrorTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${TABLE_START} … ${TABLE_END}`);
  return `${readme.slice(0, start + TABLE_START.length)}\n\n${errorCodeTable()}\n\n${readme.slice(end)}`;
}

function main(): void {
  const readme = readFileSync(README_PATH, 'utf8');
  const next = readmeWithErrorTable(readme);
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md: the error table is stale; run `npm run docs` and commit the result.');
      process.exitCode = 1;
    } else console.log('README.md: the error table is up to date.');
    return;
  }
  writeFileSync(README_PATH, next);
  console.log('README.md: error table written.');
}

if (require.main === module) main();
