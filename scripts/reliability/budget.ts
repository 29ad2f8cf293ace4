/**
 * The limits refusing within their budget while the headline query keeps its latency: the time
 * to refusal of each abusive operation, and the headline query's latency under a light load
 * (one connection) alone and with the abuse sent alongside (two connections).
 */
import { summarize, type LatencySummary } from '../bench/stats';
import { BUDGET_ABUSE } from './abusive-queries';
import { errorCodes, keepAlivePool, parseGraphql, postGraphql } from './http';
import type { Hub } from './hub-process';
import { countOutcomes, readLoad, runWorkers, type OutcomeCounts } from './load-loop';

export interface RefusalTiming {
  name: string;
  sent: number;
  /** 4xx, or errors without data. */
  refused: number;
  statuses: string;
  codes: string;
  latency: LatencySummary;
}

export interface LatencyRun {
  counts: OutcomeCounts;
  /** Of the full answers. */
  latency: LatencySummary;
}

export interface BudgetResult {
  refusals: RefusalTiming[];
  baseline: LatencyRun;
  underAbuse: LatencyRun;
  abuseSent: number;
  seconds: number;
}

async function timeRefusals(hub: Hub, reps: number, deadlineMs: number): Promise<RefusalTiming[]> {
  const pool = keepAlivePool(hub.origin, 1);
  const results: RefusalTiming[] = [];
  for (const abuse of BUDGET_ABUSE) {
    const times: number[] = [];
    const statuses = new Map<string, number>();
    const codes = new Set<string>();
    let refused = 0;
    for (let i = 0; i < reps; i++) {
      const answer = await postGraphql(hub.graphqlUrl, { query: abuse.query }, { deadlineMs, dispatcher: pool });
      times.push(answer.ms);
      const key = answer.status === null ? 'none' : String(answer.status);
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      const body = parseGraphql(answer);
      for (const c of errorCodes(body)) codes.add(c);
      const hasData = body?.data !== undefined && body.data !== null;
      if (
        (answer.status !== null && answer.status >= 400 && answer.status < 500) ||
        (!hasData && (body?.errors?.length ?? 0) > 0)
      )
        refused += 1;
      // An answer that took seconds is the figure already; repeating it only stretches the run.
      if (answer.ms > 2000 && i >= 1) break;
    }
    results.push({
      name: abuse.name,
      sent: times.length,
      refused,
      statuses: [...statuses].map(([s, n]) => `${s}×${n}`).join(' '),
      codes: [...codes].join(', ') || '–',
      latency: summarize(times),
    });
  }
  await pool.close();
  return results;
}

function latencyRun(samples: Awaited<ReturnType<typeof readLoad>>): LatencyRun {
  return {
    counts: countOutcomes(samples),
    latency: summarize(samples.filter((s) => s.outcome === 'full').map((s) => s.answeredAt - s.sentAt)),
  };
}

export async function measureBudget(
  hub: Hub,
  options: { reps: number; seconds: number; deadlineMs: number },
): Promise<BudgetResult> {
  const refusals = await timeRefusals(hub, options.reps, options.deadlineMs);
  let end = performance.now() + options.seconds * 1000;
  const baseline = latencyRun(
    await readLoad({
      url: hub.graphqlUrl,
      concurrency: 1,
      deadlineMs: options.deadlineMs,
      stop: () => performance.now() > end,
    }),
  );

  end = performance.now() + options.seconds * 1000;
  let abuseSent = 0;
  const abusePool = keepAlivePool(hub.origin, 2);
  const abuse = runWorkers(
    2,
    () => performance.now() > end,
    async (worker) => {
      const item = BUDGET_ABUSE[(abuseSent + worker) % BUDGET_ABUSE.length];
      abuseSent += 1;
      if (!item) return;
      // Bounded by the phase: an unrefused abuse must not run past it.
      const left = Math.max(100, end - performance.now());
      await postGraphql(
        hub.graphqlUrl,
        { query: item.query },
        { deadlineMs: Math.min(options.deadlineMs, left), dispatcher: abusePool },
      );
    },
  );
  const loaded = await readLoad({
    url: hub.graphqlUrl,
    concurrency: 1,
    deadlineMs: options.deadlineMs,
    stop: () => performance.now() > end,
  });
  await abuse;
  await abusePool.close();
  return { refusals, baseline, underAbuse: latencyRun(loaded), abuseSent, seconds: options.seconds };
}
