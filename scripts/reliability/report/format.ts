/** How the report writes numbers, durations and table cells. */
import type { LatencySummary } from '../../bench/stats';

export const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n)
    ? '–'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const ms = (n: number | null | undefined) => (n === null || n === undefined ? 'never' : `${fmt(n)} ms`);
/** A table cell: no pipes or line breaks. */
export const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
export const lat = (l: LatencySummary) => `${fmt(l.p50, 1)} / ${fmt(l.p99, 1)}`;

export function countsTable(title: string, counts: Record<string, number>): string[] {
  const rows = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return [`| ${title} | Answers |`, '| --- | --: |', ...rows.map(([k, n]) => `| ${cell(k)} | ${fmt(n)} |`)];
}
