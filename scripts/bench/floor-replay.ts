/**
 * The floor's replay (see floor.ts): N clients run the captured plan back to back for a given
 * time, each subgraph call over keep-alive connections, identical calls in flight shared.
 */
import { Pool } from 'undici';
import type { FloorStep } from './floor';
import { BenchError, type LoadMeasurement } from './load';
import { ratePerSecond, summarize } from './stats';

/** One plan run counts as one request; its latency is the whole run's. */
export type FloorMeasurement = LoadMeasurement;

type FetchStep = Extract<FloorStep, { kind: 'fetch' }>;

/** Runs plans against the subgraphs, one keep-alive pool per origin, counting failed calls. */
class Replayer {
  errors = 0;
  readonly errorSamples: string[] = [];
  private readonly pools = new Map<string, Pool>();
  // Identical calls in flight at the same time are sent once and shared, as both gateways do
  // (SUBGRAPH_DEDUP, Hive Gateway's in-flight deduplication): the floor stays a bound they cannot beat.
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(private readonly connections: number) {}

  /** Whether every call of the step answered 200 without errors; a sequence stops at the first that did not. */
  async run(step: FloorStep): Promise<boolean> {
    if (step.kind === 'sequence') {
      for (const s of step.steps) if (!(await this.run(s))) return false;
      return true;
    }
    if (step.kind === 'parallel') return (await Promise.all(step.steps.map((s) => this.run(s)))).every(Boolean);
    const key = `${step.url}\n${step.body}`;
    let call = this.inFlight.get(key);
    if (!call) {
      call = this.send(step).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, call);
    }
    return call;
  }

  failed(sample: string): void {
    this.errors += 1;
    if (this.errorSamples.length < 3) this.errorSamples.push(sample);
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
  }

  private poolFor(url: string): Pool {
    const origin = new URL(url).origin;
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: this.connections, keepAliveTimeout: 60_000 });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  private async send(step: FetchStep): Promise<boolean> {
    const { statusCode, body } = await this.poolFor(step.url).request({
      path: new URL(step.url).pathname,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: step.body,
    });
    const text = await body.text();
    if (statusCode === 200 && !text.includes('"errors"')) return true;
    this.failed(`${step.service}: HTTP ${statusCode}: ${text.slice(0, 400)}`);
    return false;
  }
}

/** `connections` clients running the plan back to back for `seconds`; every run's latency. */
async function drive(replayer: Replayer, steps: FloorStep, connections: number, seconds: number) {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await replayer.run(steps);
      } catch (error) {
        replayer.failed(String(error));
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  return { latencies, durationSeconds: (performance.now() - started) / 1000 };
}

/** Replays the steps with `connections` clients for `seconds` (after a warm-up not counted). */
export async function measureFloor(
  label: string,
  steps: FloorStep,
  options: { connections: number; seconds: number; warmupSeconds: number; beforeMeasuring?: () => Promise<void> },
): Promise<FloorMeasurement> {
  const replayer = new Replayer(options.connections);
  const { errorSamples } = replayer;
  try {
    if (options.warmupSeconds > 0) await drive(replayer, steps, options.connections, options.warmupSeconds);
    if (replayer.errors > 0) {
      throw new BenchError(`${label}: ${replayer.errors} errors in the warm-up:\n${errorSamples.join('\n')}`);
    }
    await options.beforeMeasuring?.();
    const { latencies, durationSeconds } = await drive(replayer, steps, options.connections, options.seconds);
    const { errors } = replayer;
    if (errors > 0 || latencies.length === 0) {
      throw new BenchError(`${label}: ${errors} errors in ${latencies.length} runs:\n${errorSamples.join('\n')}`);
    }
    return {
      requests: latencies.length,
      durationSeconds,
      requestsPerSecond: ratePerSecond(latencies.length, durationSeconds),
      latency: summarize(latencies),
      latencies,
      errors,
      errorSamples,
    };
  } finally {
    await replayer.close();
  }
}
