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
  /** CPU time (user + system) the gateway process(es) used during the run per answer, ms; null for the floor. */
  cpuMsPerRequest: number | null;
}

export function ratePerSecond(count: number, seconds: number): number {
  return seconds > 0 ? count / seconds : 0;
}

/** One measured run with every answer's latency, so that rounds can be pooled. */
export interface Measured {
  result: RunResult;
  latencies: number[];
}

/** Several measured rounds of one target as one row: answers pooled, peaks the highest. */
export function poolRounds(rounds: Measured[]): RunResult {
  const requests = rounds.reduce((sum, r) => sum + r.result.requests, 0);
  const durationSeconds = rounds.reduce((sum, r) => sum + r.result.durationSeconds, 0);
  const total = (pick: (r: RunResult) => number | null) =>
    rounds.reduce((sum, r) => sum + (pick(r.result) ?? 0) * r.result.requests, 0);
  const peaks = rounds.map((r) => r.result.peakMemoryMb).filter((p) => p !== null);
  const gateway = rounds.every((r) => r.result.cpuMsPerRequest !== null);
  return {
    requests,
    durationSeconds,
    requestsPerSecond: ratePerSecond(requests, durationSeconds),
    latency: summarize(rounds.flatMap((r) => r.latencies)),
    errors: rounds.reduce((sum, r) => sum + r.result.errors, 0),
    sqlPerRequest: total((r) => r.sqlPerRequest) / requests,
    peakMemoryMb: peaks.length > 0 ? Math.max(...peaks) : null,
    cpuMsPerRequest: gateway ? total((r) => r.cpuMsPerRequest) / requests : null,
  };
}
