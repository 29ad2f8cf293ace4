/**
 * Drives one GraphQL query against one HTTP endpoint with autocannon: a warm-up that is not
 * counted, then the measured run. Every answer is checked: a status other than 200 or a body with
 * "errors" fails the run, and so does data that differs from the reference, compared in full for
 * the first answer and for every answer whose size differs from the first's. Latencies are taken from autocannon's per-response event
 * (fractions of a millisecond) and summarised by stats.ts, as the floor client's are.
 */
import autocannon from 'autocannon';
import { ratePerSecond, summarize, type LatencySummary } from './stats';

export interface LoadOptions {
  url: string;
  /** The POST body: `{ query, variables }` as JSON. */
  body: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** The `data` every target must answer (from our gateway, checked beforehand). */
  expectedData: unknown;
  /** Called between warm-up and the measured run (reset counters, memory peaks). */
  beforeMeasuring?: () => Promise<void> | void;
}

export interface LoadMeasurement {
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  latency: LatencySummary;
  /** Every answer's latency, ms, in arrival order (rounds of one comparison are pooled). */
  latencies: number[];
  errors: number;
  errorSamples: string[];
}

export class BenchError extends Error {}

/** The path of the first place where `actual` differs from `expected` ("data.a[3].b: 1 ≠ 2"), or undefined. */
export function firstDifference(expected: unknown, actual: unknown, path = 'data'): string | undefined {
  if (Object.is(expected, actual)) return undefined;
  // autocannon decodes each network chunk of a body on its own, so a German letter split between
  // two chunks arrives as U+FFFD: such a string counts as equal when everything outside ASCII is.
  if (typeof expected === 'string' && typeof actual === 'string' && actual.includes('\uFFFD')) {
    const ascii = (text: string) => text.replace(/[^\x20-\x7E]/g, '');
    if (ascii(expected) === ascii(actual)) return undefined;
  }
  const show = (v: unknown) => JSON.stringify(v)?.slice(0, 80) ?? String(v);
  if (typeof expected !== 'object' || typeof actual !== 'object' || expected === null || actual === null) {
    return `${path}: ${show(expected)} ≠ ${show(actual)}`;
  }
  if (Array.isArray(expected) !== Array.isArray(actual)) return `${path}: ${show(expected)} ≠ ${show(actual)}`;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return `${path}: ${expected.length} items ≠ ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const keys = Object.keys(e);
  if (keys.join() !== Object.keys(a).join()) return `${path}: fields ${keys.join()} ≠ ${Object.keys(a).join()}`;
  for (const key of keys) {
    const d = firstDifference(e[key], a[key], `${path}.${key}`);
    if (d) return d;
  }
  return undefined;
}

async function drive(options: LoadOptions, seconds: number): Promise<LoadMeasurement> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  const fail = (sample: string) => {
    errors += 1;
    if (errorSamples.length < 3) errorSamples.push(sample.slice(0, 500));
  };
  // The first answer of the run is compared with the reference in full, and so is any later one
  // whose size differs from it (the same cost for every target: one string length per answer).
  let firstLength = -1;
  const onResponse = (status: number, body: string) => {
    if (status !== 200) return fail(`HTTP ${status}: ${body}`);
    if (body.includes('"errors"')) return fail(body);
    if (body.length === firstLength) return;
    if (firstLength === -1) firstLength = body.length;
    const data = (JSON.parse(body) as { data?: unknown }).data;
    const difference = firstDifference(options.expectedData, data);
    if (difference !== undefined) fail(`data differs from the reference at ${difference}`);
  };
  const url = new URL(options.url);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: url.origin,
        connections: options.connections,
        duration: seconds,
        // A wide answer at the largest size can take seconds under load; slow is measured, not an error.
        timeout: 60,
        requests: [
          {
            method: 'POST',
            path: url.pathname,
            headers: { 'content-type': 'application/json' },
            body: options.body,
            onResponse,
          },
        ],
      },
      (error: unknown, res: autocannon.Result) =>
        error ? reject(error instanceof Error ? error : new Error(JSON.stringify(error))) : resolve(res),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
    });
  });
  const socketErrors = result.errors + result.timeouts;
  if (socketErrors > 0) fail(`${result.errors} socket errors, ${result.timeouts} timeouts`);
  errors += Math.max(0, socketErrors - 1);
  return {
    requests: latencies.length,
    durationSeconds: result.duration,
    requestsPerSecond: ratePerSecond(latencies.length, result.duration),
    latency: summarize(latencies),
    latencies,
    errors,
    errorSamples,
  };
}

/** Warm-up, then the measured run; throws BenchError when any answer was wrong. */
export async function measureLoad(label: string, options: LoadOptions): Promise<LoadMeasurement> {
  if (options.warmupSeconds > 0) {
    const warm = await drive(options, options.warmupSeconds);
    if (warm.errors > 0)
      throw new BenchError(`${label}: ${warm.errors} errors in the warm-up:\n${warm.errorSamples.join('\n')}`);
  }
  await options.beforeMeasuring?.();
  const run = await drive(options, options.seconds);
  if (run.requests === 0) throw new BenchError(`${label}: no answer within the ${options.seconds} s run`);
  if (run.errors > 0) {
    throw new BenchError(`${label}: ${run.errors} errors in ${run.requests} answers:\n${run.errorSamples.join('\n')}`);
  }
  return run;
}
