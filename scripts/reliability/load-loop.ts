/**
 * A bounded read load of the headline query (a few keep-alive connections, each sending the next
 * request when the last one is answered) whose every answer is kept with its times and class:
 * full (HTTP 200, data, no errors), partial (data with SUBGRAPH_UNAVAILABLE errors), rate limited
 * (429), or error. The fault phases read their figures from these samples.
 */
import type { Dispatcher } from 'undici';
import { HEADLINE } from '../bench/queries';
import { errorCodes, keepAlivePool, parseGraphql, postGraphql, type Answer } from './http';
import { findLeaks, type LeakContext } from './leaks';

export type Outcome = 'full' | 'partial' | 'rate-limited' | 'error';

export interface Sample {
  /** performance.now() when sent and when answered, ms. */
  sentAt: number;
  answeredAt: number;
  outcome: Outcome;
  status: number | null;
  codes: string[];
  /** The first leak in a non-full answer (kind and excerpt), when the load scans for them. */
  leak?: string;
}

export function classifyRead(answer: Answer): { outcome: Outcome; codes: string[] } {
  const body = parseGraphql(answer);
  const codes = errorCodes(body);
  if (answer.status === 429) return { outcome: 'rate-limited', codes };
  const hasData = body?.data !== undefined && body.data !== null;
  if (answer.status === 200 && hasData && codes.length === 0) return { outcome: 'full', codes };
  if (hasData && codes.length > 0 && codes.every((c) => c === 'SUBGRAPH_UNAVAILABLE'))
    return { outcome: 'partial', codes };
  return { outcome: 'error', codes };
}

/** Runs `task` on `concurrency` workers until `stop()` is true; every worker finishes its request in flight. */
export async function runWorkers(
  concurrency: number,
  stop: () => boolean,
  task: (worker: number) => Promise<void>,
): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (!stop()) await task(worker);
    }),
  );
}

export interface ReadLoadOptions {
  url: string;
  concurrency: number;
  stop: () => boolean;
  deadlineMs: number;
  payload?: unknown;
  dispatcher?: Dispatcher;
  /** Scan every answer that is not full for leaks (error messages during a fault). */
  leakContext?: LeakContext;
  /** Called with every answer as it comes (the fault phases decide on these). */
  onSample?: (sample: Sample) => void;
}

export async function readLoad(options: ReadLoadOptions): Promise<Sample[]> {
  const samples: Sample[] = [];
  const pool = options.dispatcher ?? keepAlivePool(new URL(options.url).origin, options.concurrency);
  await runWorkers(options.concurrency, options.stop, async () => {
    const sentAt = performance.now();
    const answer = await postGraphql(options.url, options.payload ?? HEADLINE, {
      deadlineMs: options.deadlineMs,
      dispatcher: pool,
    });
    const sample: Sample = { sentAt, answeredAt: performance.now(), status: answer.status, ...classifyRead(answer) };
    if (options.leakContext && sample.outcome !== 'full') {
      const leak = findLeaks(answer.body, answer.headers, options.leakContext)[0];
      if (leak) sample.leak = `${leak.kind}: ${leak.excerpt}`;
    }
    samples.push(sample);
    options.onSample?.(sample);
    // A refused connection answers at once: without a pause the loop would spin.
    if (answer.status === null && !answer.hang) await new Promise((resolve) => setTimeout(resolve, 20));
  });
  if (!options.dispatcher) await pool.close();
  return samples.sort((a, b) => a.answeredAt - b.answeredAt);
}

export interface OutcomeCounts {
  total: number;
  full: number;
  partial: number;
  rateLimited: number;
  error: number;
  /** Answers with a leak (only counted when the load scanned for them). */
  leaks: number;
}

export function countOutcomes(samples: readonly Sample[]): OutcomeCounts {
  const count = (o: Outcome) => samples.filter((s) => s.outcome === o).length;
  return {
    total: samples.length,
    full: count('full'),
    partial: count('partial'),
    rateLimited: count('rate-limited'),
    error: count('error'),
    leaks: samples.filter((s) => s.leak !== undefined).length,
  };
}

/**
 * Time from `eventAt` until answers are full again: the answer time of the first full answer sent
 * after the last answer that was not full (0 when every answer after the event was full); null
 * when the last answer of the run was still not full.
 */
export function recoveryMs(samples: readonly Sample[], eventAt: number): number | null {
  const after = samples.filter((s) => s.sentAt >= eventAt || s.answeredAt >= eventAt);
  const lastBad = [...after].reverse().find((s) => s.outcome !== 'full');
  if (!lastBad) return 0;
  const firstGood = after.find((s) => s.outcome === 'full' && s.sentAt >= lastBad.sentAt);
  return firstGood ? firstGood.answeredAt - eventAt : null;
}

/** Time from `eventAt` until the first answer that is partial and took under `fastMs`: fields failing fast. */
export function failFastMs(samples: readonly Sample[], eventAt: number, fastMs: number): number | null {
  const first = samples.find((s) => s.sentAt >= eventAt && s.outcome === 'partial' && s.answeredAt - s.sentAt < fastMs);
  return first ? first.answeredAt - eventAt : null;
}
