/** Latency statistics, computed the same way for autocannon's runs and the floor client's. */

/** Nearest-rank percentile of ascending `sorted` values: the smallest value with p % at or below it. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (p <= 0) return sorted[0] as number;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(latenciesMs: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  const values = Array.from(sorted);
  return {
    count: values.length,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: values.length > 0 ? (values[values.length - 1] as number) : Number.NaN,
  };
}

/** One measured run of one query against one target. */
export interface RunResult {
  /** Answers counted (each one checked for errors). */
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  latency: LatencySummary;
  /** Non-2xx answers, socket errors and timeouts, and answers carrying GraphQL errors. */
  errors: number;
  /** SQL statements of all subgraphs during the run, divided by `requests`. */
  sqlPerRequest: number;
  /** Peak resident memory of the gateway during the run (VmHWM), MB; null for the floor. */
  peakMemoryMb: number | null;
}

export function ratePerSecond(count: number, seconds: number): number {
  return seconds > 0 ? count / seconds : 0;
}
