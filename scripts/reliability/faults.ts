/**
 * Fault injection under load: `kill -9` of each subgraph's process, SIGSTOP/SIGCONT of one, and a
 * PostgreSQL restart under a write loop. A subgraph found in the gateway's own process (the hub
 * as one process) is not killed: that would stop the whole run, and is reported instead.
 */
import { headlineAnswers, type Hub } from './hub-process';
import { countOutcomes, failFastMs, readLoad, recoveryMs, type OutcomeCounts, type Sample } from './load-loop';
import type { LeakContext } from './leaks';
import { pidListeningOn } from './ports';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface KillResult {
  subgraph: string;
  /** Set when answers were not full yet before the kill (an earlier phase had not recovered). */
  notFullBefore?: true;
  /** Why it was not killed, when it was not. */
  skipped?: string;
  pidBefore?: number;
  pidAfter?: number | null;
  counts?: OutcomeCounts;
  /** From the kill until a process listens on the subgraph's port again, ms (null: not within the phase). */
  relistenMs?: number | null;
  /** From the kill until answers are full again, ms. */
  fullAgainMs?: number | null;
  /** Whether the gateway kept answering (any answer with data) during the outage. */
  gatewayAnswered?: boolean;
  firstLeak?: string;
}

export interface FaultSettings {
  concurrency: number;
  /** Load before the fault, ms. */
  leadMs: number;
  /** Longest wait for recovery after the fault, ms. */
  maxRecoveryMs: number;
  /** Full answers in a row, ms, that end a phase early once recovered. */
  settleMs: number;
  deadlineMs: number;
  leakContext?: LeakContext;
}

/** Waits (up to `maxMs`) until every subgraph listens and the headline query is answered in full. */
export async function waitUntilFull(hub: Hub, maxMs: number): Promise<boolean> {
  const end = performance.now() + maxMs;
  while (performance.now() < end) {
    const listening = Object.values(hub.subgraphPorts).every((port) => pidListeningOn(port) !== null);
    if (listening && (await headlineAnswers(hub.graphqlUrl))) return true;
    await sleep(250);
  }
  return false;
}

function firstLeak(samples: readonly Sample[]): { firstLeak?: string } {
  const leak = samples.find((s) => s.leak !== undefined)?.leak;
  return leak === undefined ? {} : { firstLeak: leak };
}

/** Whether the last `settleMs` of answers (after the event) were all full. */
function settled(samples: readonly Sample[], eventAt: number, settleMs: number): boolean {
  const now = performance.now();
  if (now - eventAt < settleMs) return false;
  const recent = samples.filter((s) => s.sentAt >= now - settleMs);
  return recent.length > 0 && recent.every((s) => s.outcome === 'full');
}

/** Load, the fault after `leadMs`, and more load until `done()` (checked on the answers so far) or the bound. */
async function liveLoad(
  hub: Hub,
  settings: FaultSettings,
  fault: () => Promise<number>,
  done: (samples: Sample[], eventAt: number) => boolean,
): Promise<{ samples: Sample[]; eventAt: number }> {
  const samples: Sample[] = [];
  let eventAt = Number.POSITIVE_INFINITY;
  let finished = false;
  const load = readLoad({
    url: hub.graphqlUrl,
    concurrency: settings.concurrency,
    deadlineMs: settings.deadlineMs,
    stop: () => finished,
    ...(settings.leakContext ? { leakContext: settings.leakContext } : {}),
    onSample: (s) => samples.push(s),
  });
  await sleep(settings.leadMs);
  eventAt = await fault();
  const end = eventAt + settings.maxRecoveryMs;
  while (performance.now() < end && !done(samples, eventAt)) await sleep(250);
  finished = true;
  await load;
  return { samples: samples.sort((a, b) => a.answeredAt - b.answeredAt), eventAt };
}

export async function killEachSubgraph(
  hub: Hub,
  settings: FaultSettings,
  log: (line: string) => void,
): Promise<KillResult[]> {
  const results: KillResult[] = [];
  for (const [subgraph, port] of Object.entries(hub.subgraphPorts)) {
    const fullBefore = await waitUntilFull(hub, settings.maxRecoveryMs);
    const pid = pidListeningOn(port);
    const gatewayPid = pidListeningOn(hub.gatewayPort);
    if (pid === null) {
      results.push({ subgraph, skipped: `nothing listens on its port ${port}` });
      continue;
    }
    if (pid === gatewayPid || pid === hub.child.pid) {
      results.push({
        subgraph,
        skipped: `it runs in the ${pid === gatewayPid ? "gateway's" : "launcher's"} process (pid ${pid}): kill -9 would stop the whole hub`,
      });
      log(`  ${subgraph}: shares pid ${pid} with the gateway or launcher; not killed`);
      continue;
    }
    let relistenAt: number | null = null;
    let pidAfter: number | null = null;
    const { samples, eventAt } = await liveLoad(
      hub,
      settings,
      async () => {
        process.kill(pid, 'SIGKILL');
        return performance.now();
      },
      (live, at) => {
        if (relistenAt === null) {
          const now = pidListeningOn(port);
          if (now !== null && now !== pid) {
            relistenAt = performance.now();
            pidAfter = now;
          }
        }
        return relistenAt !== null && settled(live, at, settings.settleMs);
      },
    );
    const after = samples.filter((s) => s.sentAt >= eventAt);
    const result: KillResult = {
      subgraph,
      ...(fullBefore ? {} : { notFullBefore: true as const }),
      pidBefore: pid,
      pidAfter,
      counts: countOutcomes(after),
      relistenMs: relistenAt === null ? null : (relistenAt as number) - eventAt,
      fullAgainMs: recoveryMs(samples, eventAt),
      gatewayAnswered: after.some((s) => s.outcome === 'full' || s.outcome === 'partial'),
      ...firstLeak(after),
    };
    results.push(result);
    log(
      `  kill -9 ${subgraph} (pid ${pid}): ${JSON.stringify(result.counts)}, listening again after ` +
        `${result.relistenMs === null ? 'never' : `${(result.relistenMs as number).toFixed(0)} ms`}, full answers after ` +
        `${result.fullAgainMs == null ? 'never' : `${result.fullAgainMs.toFixed(0)} ms`}`,
    );
    // A moment between phases, so that one phase's restart does not spill into the next.
    await sleep(500);
  }
  return results;
}

export interface StopResult {
  subgraph: string;
  skipped?: string;
  stoppedMs?: number;
  /** Answers sent while stopped. */
  whileStopped?: OutcomeCounts & { p50Ms: number; maxMs: number };
  /** From SIGSTOP until the first partial answer under 100 ms. */
  failFastMs?: number | null;
  /** From SIGCONT until answers are full again. */
  fullAgainMs?: number | null;
  firstLeak?: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : (sorted[Math.floor((sorted.length - 1) / 2)] as number);
}

/** SIGSTOP of `subgraph` for `stoppedMs` under load, then SIGCONT. */
export async function stopAndContinue(
  hub: Hub,
  subgraph: string,
  stoppedMs: number,
  settings: FaultSettings,
  log: (line: string) => void,
): Promise<StopResult> {
  const port = hub.subgraphPorts[subgraph];
  await waitUntilFull(hub, settings.maxRecoveryMs);
  const pid = port === undefined ? null : pidListeningOn(port);
  if (pid === null) return { subgraph, skipped: 'nothing listens on its port' };
  if (pid === pidListeningOn(hub.gatewayPort) || pid === hub.child.pid) {
    return {
      subgraph,
      skipped: `it runs in the gateway's or launcher's process (pid ${pid}): SIGSTOP would stop the whole hub`,
    };
  }
  let continuedAt = Number.POSITIVE_INFINITY;
  const { samples, eventAt } = await liveLoad(
    hub,
    { ...settings, maxRecoveryMs: stoppedMs + settings.maxRecoveryMs },
    async () => {
      process.kill(pid, 'SIGSTOP');
      const at = performance.now();
      setTimeout(() => {
        process.kill(pid, 'SIGCONT');
        continuedAt = performance.now();
      }, stoppedMs);
      return at;
    },
    (live) => continuedAt !== Number.POSITIVE_INFINITY && settled(live, continuedAt, settings.settleMs),
  );
  if (continuedAt === Number.POSITIVE_INFINITY) {
    process.kill(pid, 'SIGCONT');
    continuedAt = performance.now();
  }
  // Answers that came while it was stopped, including those already in flight at SIGSTOP.
  const during = samples.filter((s) => s.answeredAt >= eventAt && s.sentAt < continuedAt);
  const result: StopResult = {
    subgraph,
    stoppedMs,
    whileStopped: {
      ...countOutcomes(during),
      p50Ms: median(during.map((s) => s.answeredAt - s.sentAt)),
      maxMs: Math.max(0, ...during.map((s) => s.answeredAt - s.sentAt)),
    },
    failFastMs: failFastMs(samples, eventAt, 100),
    fullAgainMs: recoveryMs(samples, continuedAt),
    ...firstLeak(samples.filter((s) => s.answeredAt >= eventAt)),
  };
  log(
    `  SIGSTOP ${subgraph} (pid ${pid}) for ${stoppedMs} ms: ${JSON.stringify(result.whileStopped)}, fail fast after ` +
      `${result.failFastMs == null ? 'never' : `${result.failFastMs.toFixed(0)} ms`}, full again ` +
      `${result.fullAgainMs == null ? 'never' : `${result.fullAgainMs.toFixed(0)} ms`} after SIGCONT`,
  );
  return result;
}
