/**
 * The measured runs: one target under load for a while (our gateway through autocannon, the floor
 * by replaying its plan), and the alternating rounds that compare targets on the shared machine.
 */
import type { FloorStep } from './floor';
import { measureFloor } from './floor-replay';
import { BenchError, measureLoad } from './load';
import { log } from './log';
import type { BenchOptions } from './options';
import { cpuMs, peakMemoryMb, resetPeakMemory } from './processes';
import { QUERIES } from './queries';
import { TARGET_LABELS, type QueryName, type Row } from './results';
import { postJson, readSql, resetSql, type Gateway, type Host } from './services';
import { poolRounds, type Measured, type RunResult } from './stats';

/** Alternating rounds of the single-connection comparison (see runSinglePair). */
const SINGLE_ROUNDS = 3;
/** Alternating rounds of ours, the floor and Hive Gateway per query (see runComparison). */
const COMPARISON_ROUNDS = 2;

/** The answer every target must give, from our gateway, checked for errors. */
export async function referenceData(graphqlUrl: string, query: QueryName): Promise<unknown> {
  const { status, json } = await postJson<{ data?: unknown; errors?: unknown[] }>(graphqlUrl, QUERIES[query]);
  if (status !== 200 || json.errors || !json.data) {
    throw new BenchError(`${query} query through our gateway: HTTP ${status} ${JSON.stringify(json).slice(0, 800)}`);
  }
  return json.data;
}

function describe(label: string, r: RunResult): string {
  return (
    `${label.padEnd(58)} ${r.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${r.latency.p50.toFixed(2).padStart(7)} ms  ` +
    `p99 ${r.latency.p99.toFixed(2).padStart(7)} ms  SQL/req ${r.sqlPerRequest.toFixed(1).padStart(5)}` +
    (r.peakMemoryMb === null ? '' : `  peak ${r.peakMemoryMb.toFixed(0)} MB`) +
    (r.cpuMsPerRequest === null ? '' : `  CPU ${r.cpuMsPerRequest.toFixed(2)} ms/req`)
  );
}

async function measureGateway(
  gateway: Gateway,
  query: QueryName,
  expected: unknown,
  hosts: Host[],
  options: BenchOptions,
  label: string,
  connections: number,
  seconds: number,
): Promise<Measured & { peakResetOk: boolean }> {
  let peakResetOk = true;
  let cpuBefore = 0;
  const load = await measureLoad(`${label}, ${query} query`, {
    url: gateway.graphqlUrl,
    body: JSON.stringify(QUERIES[query]),
    connections,
    seconds,
    warmupSeconds: options.warmupSeconds,
    expectedData: expected,
    beforeMeasuring: async () => {
      await resetSql(hosts);
      peakResetOk = resetPeakMemory(gateway.child.pid);
      cpuBefore = cpuMs(gateway.child.pid);
    },
  });
  const cpu = cpuMs(gateway.child.pid) - cpuBefore;
  const sql = await readSql(hosts);
  return {
    peakResetOk,
    latencies: load.latencies,
    result: {
      requests: load.requests,
      durationSeconds: load.durationSeconds,
      requestsPerSecond: load.requestsPerSecond,
      latency: load.latency,
      errors: load.errors,
      sqlPerRequest: sql / load.requests,
      peakMemoryMb: peakMemoryMb(gateway.child.pid),
      cpuMsPerRequest: cpu / load.requests,
    },
  };
}

async function measureFloorRun(
  query: QueryName,
  steps: FloorStep,
  hosts: Host[],
  options: BenchOptions,
  label: string,
  connections: number,
  seconds: number,
): Promise<Measured> {
  const load = await measureFloor(`${label}, ${query} query`, steps, {
    connections,
    seconds,
    warmupSeconds: options.warmupSeconds,
    beforeMeasuring: () => resetSql(hosts),
  });
  const sql = await readSql(hosts);
  const { latencies, errorSamples: _samples, ...rest } = load;
  return {
    latencies,
    result: { ...rest, sqlPerRequest: sql / load.requests, peakMemoryMb: null, cpuMsPerRequest: null },
  };
}

export async function runGateway(
  gateway: Gateway,
  query: QueryName,
  expected: unknown,
  hosts: Host[],
  options: BenchOptions,
): Promise<Row> {
  const label = TARGET_LABELS[gateway.target];
  const connections = query === 'wide' ? options.wideConnections : options.connections;
  const measured = await measureGateway(gateway, query, expected, hosts, options, label, connections, options.seconds);
  log(describe(`${label}, ${query}${measured.peakResetOk ? '' : ' (lifetime peak)'}`, measured.result));
  return { target: gateway.target, query, result: measured.result };
}

/**
 * Our gateway, the floor and Hive Gateway on one query, in alternating rounds (ours, floor, Hive,
 * ours, …) sharing the run time, each row pooling its rounds: drift on the shared machine (the
 * database settling after the seed, the aftermath of an install, a neighbour's work) falls on all
 * three alike instead of on whichever runs first. Both gateways stay up; the idle one uses no CPU.
 */
export async function runComparison(
  ours: Gateway,
  hive: Gateway,
  query: QueryName,
  steps: FloorStep,
  expected: unknown,
  hosts: Host[],
  options: BenchOptions,
): Promise<Row[]> {
  const connections = query === 'wide' ? options.wideConnections : options.connections;
  const seconds = options.seconds / COMPARISON_ROUNDS;
  const rounds: Record<'ours' | 'floor' | 'hive', Measured[]> = { ours: [], floor: [], hive: [] };
  let lifetimePeak = false;
  for (let i = 0; i < COMPARISON_ROUNDS; i++) {
    for (const gateway of [ours, hive]) {
      const measured = await measureGateway(
        gateway,
        query,
        expected,
        hosts,
        options,
        TARGET_LABELS[gateway.target],
        connections,
        seconds,
      );
      lifetimePeak ||= !measured.peakResetOk;
      rounds[gateway === ours ? 'ours' : 'hive'].push(measured);
      if (gateway === ours) {
        rounds.floor.push(
          await measureFloorRun(query, steps, hosts, options, TARGET_LABELS.floor, connections, seconds),
        );
      }
    }
  }
  const rows = (['ours', 'floor', 'hive'] as const).map((target) => ({
    target,
    query,
    result: poolRounds(rounds[target]),
  }));
  for (const row of rows) {
    const note = `${COMPARISON_ROUNDS} rounds${lifetimePeak && row.target !== 'floor' ? ', lifetime peak' : ''}`;
    log(describe(`${TARGET_LABELS[row.target]}, ${query} (${note})`, row.result));
  }
  return rows;
}

/**
 * The latency our gateway adds to one query, without queueing: one connection, through our
 * gateway and from the floor, in alternating rounds, so that drift on the shared machine (the
 * database settling after the seed, a busy neighbour) falls on both alike. Each row pools its
 * rounds' answers.
 */
export async function runSinglePair(
  ours: Gateway,
  steps: FloorStep,
  expected: unknown,
  hosts: Host[],
  options: BenchOptions,
): Promise<Row[]> {
  const rounds = SINGLE_ROUNDS;
  const seconds = Math.max(1, options.seconds / 2);
  const oursRounds: Measured[] = [];
  const floorRounds: Measured[] = [];
  for (let i = 0; i < rounds; i++) {
    oursRounds.push(
      await measureGateway(ours, 'headline', expected, hosts, options, TARGET_LABELS['ours-single'], 1, seconds),
    );
    floorRounds.push(
      await measureFloorRun('headline', steps, hosts, options, TARGET_LABELS['floor-single'], 1, seconds),
    );
  }
  const rows: Row[] = [
    { target: 'ours-single', query: 'headline', result: poolRounds(oursRounds) },
    { target: 'floor-single', query: 'headline', result: poolRounds(floorRounds) },
  ];
  for (const row of rows) log(describe(`${TARGET_LABELS[row.target]}, headline (${rounds} rounds)`, row.result));
  return rows;
}
