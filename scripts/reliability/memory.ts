/** The gateway's memory before and after a stretch of headline load: RSS from /proc and /stats' own report. */
import { send } from './http';
import type { Hub } from './hub-process';
import { countOutcomes, readLoad, type OutcomeCounts } from './load-loop';
import { pidListeningOn, rssMb } from './ports';

export interface MemoryResult {
  gatewayPid: number | null;
  seconds: number;
  connections: number;
  rssBeforeMb: number | null;
  rssAfterMb: number | null;
  /** After the load and a few seconds of quiet. */
  rssSettledMb: number | null;
  /** /stats memory.rssMb and heapUsedMb, when /stats answered the operator token. */
  statsBefore: { rssMb?: number; heapUsedMb?: number } | null;
  statsAfter: { rssMb?: number; heapUsedMb?: number } | null;
  statsStatus: number | null;
  counts: OutcomeCounts;
  requestsPerSecond: number;
}

async function statsMemory(
  hub: Hub,
  token: string,
): Promise<{ status: number | null; memory: MemoryResult['statsBefore'] }> {
  const answer = await send(`${hub.origin}/stats`, {
    method: 'GET',
    headers: { authorization: `Bearer ${token}` },
    deadlineMs: 5000,
  });
  if (answer.status !== 200) return { status: answer.status, memory: null };
  try {
    const parsed = JSON.parse(answer.body) as { memory?: { rssMb?: number; heapUsedMb?: number } };
    return { status: 200, memory: parsed.memory ?? null };
  } catch {
    return { status: 200, memory: null };
  }
}

export async function measureMemory(
  hub: Hub,
  options: { seconds: number; connections: number; deadlineMs: number; operatorToken: string },
): Promise<MemoryResult> {
  const pid = pidListeningOn(hub.gatewayPort);
  const before = await statsMemory(hub, options.operatorToken);
  const rssBeforeMb = pid === null ? null : rssMb(pid);
  const end = performance.now() + options.seconds * 1000;
  const samples = await readLoad({
    url: hub.graphqlUrl,
    concurrency: options.connections,
    deadlineMs: options.deadlineMs,
    stop: () => performance.now() > end,
  });
  const rssAfterMb = pid === null ? null : rssMb(pid);
  const after = await statsMemory(hub, options.operatorToken);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  return {
    gatewayPid: pid,
    seconds: options.seconds,
    connections: options.connections,
    rssBeforeMb,
    rssAfterMb,
    rssSettledMb: pid === null ? null : rssMb(pid),
    statsBefore: before.memory,
    statsAfter: after.memory,
    statsStatus: after.status,
    counts: countOutcomes(samples),
    requestsPerSecond: samples.length / options.seconds,
  };
}
