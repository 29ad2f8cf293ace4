/**
 * `npm run bench` (`npm run bench:quick` for one small size and short runs): the hub on
 * PostgreSQL with a generated catalogue of each size, loaded with autocannon through our gateway
 * (response cache off, on, and two workers), through Hive Gateway on the same supergraph and the
 * same subgraphs, and straight from the subgraphs (the floor). Writes BENCHMARKS.md.
 *
 * Needs PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/hub_bench;
 * the database is dropped and created for every size). Exits non-zero on any wrong answer.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import path from 'node:path';
import * as prettier from 'prettier';
import { readRegistry, REPO_ROOT, routingUrlEnvName, SUPERGRAPH_PATH } from '../../schema/registry';
import { catalogueSize, DEFAULT_DATABASE_URL, postgresVersion, prepareCatalogue, sizeLabel } from './catalogue';
import { captureFloor, countFetches, describeSteps, measureFloor, type FloorStep } from './floor';
import { ensureHiveGateway, HIVE_VERSION, startHiveGateway, supergraphWithUrls } from './hive';
import { BenchError, measureLoad } from './load';
import { METHOD } from './method';
import { parseBenchArgs, type BenchOptions } from './options';
import { cpuMs, freePort, peakMemoryMb, resetPeakMemory, spawnTs, type Child } from './processes';
import { HEADLINE, WIDE_ANALYTICS } from './queries';
import {
  judgeTargets,
  renderMarkdown,
  TARGET_LABELS,
  type BenchResults,
  type QueryName,
  type Row,
  type SizeResult,
  type TargetName,
} from './report';
import { poolRounds, type Measured, type RunResult } from './stats';
import { measureStartup } from './startup';

const QUERIES: Record<QueryName, { query: string; variables: Record<string, unknown> }> = {
  headline: HEADLINE,
  wide: WIDE_ANALYTICS,
};
const BENCH_DIR = path.join(REPO_ROOT, '.bench');
/** Alternating rounds of the single-connection comparison (see runSinglePair). */
const SINGLE_ROUNDS = 3;
/** Alternating rounds of ours, the floor and Hive Gateway per query (see runComparison). */
const COMPARISON_ROUNDS = 2;
const running = new Set<Child>();
const started = performance.now();

function log(line: string): void {
  const elapsed = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  console.log(`[${elapsed} s] ${line}`);
}

async function stopChild(child: Child): Promise<void> {
  await child.stop();
  running.delete(child);
}

async function stopAll(): Promise<void> {
  await Promise.all([...running].map(stopChild));
}

async function postJson<T>(url: string, body: unknown = undefined): Promise<{ status: number; json: T }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as T };
}

/** Polls `{ __typename }` until the gateway answers it. */
async function waitForGraphql(url: string, child: Child, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.process.exitCode !== null) throw new Error(`${child.name} exited:\n${child.output()}`);
    try {
      const { status } = await postJson(url, { query: '{ __typename }' });
      if (status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${child.name} did not answer at ${url}:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Host {
  name: string;
  graphqlUrl: string;
  controlUrl: string;
  child: Child;
}

async function startHosts(databaseUrl: string): Promise<Host[]> {
  const hosts = await Promise.all(
    readRegistry().map(async (entry) => {
      const child = spawnTs(`subgraph ${entry.name}`, 'scripts/bench/subgraph-host.ts', {
        BENCH_SUBGRAPH: entry.name,
        DATABASE_URL: databaseUrl,
        PORT: String(await freePort()),
        BENCH_CONTROL_PORT: String(await freePort()),
        NODE_ENV: 'production',
        // Hive Gateway and the floor call the subgraphs directly, without the hub gateway's
        // credential: all three targets meet the same subgraphs, which check no credential here.
        SUBGRAPH_ACCEPT_DIRECT_CALLS: 'on',
      });
      running.add(child);
      const [, graphqlUrl, controlUrl] = await child.waitFor(/bench-host \S+: (\S+) control (\S+)/);
      return { name: entry.name, graphqlUrl: graphqlUrl as string, controlUrl: controlUrl as string, child };
    }),
  );
  return hosts;
}

async function resetSql(hosts: Host[]): Promise<void> {
  await Promise.all(hosts.map((h) => postJson(`${h.controlUrl}/sql/reset`)));
}

async function readSql(hosts: Host[]): Promise<number> {
  const totals = await Promise.all(
    hosts.map(async (h) => ((await (await fetch(`${h.controlUrl}/sql`)).json()) as { total: number }).total),
  );
  return totals.reduce((a, b) => a + b, 0);
}

interface Gateway {
  target: TargetName;
  graphqlUrl: string;
  child: Child;
}

async function startOurGateway(
  target: TargetName,
  hosts: Host[],
  databaseUrl: string,
  env: Record<string, string>,
): Promise<Gateway> {
  const port = await freePort();
  const urls = Object.fromEntries(hosts.map((h) => [routingUrlEnvName(h.name), h.graphqlUrl]));
  const child = spawnTs(TARGET_LABELS[target], 'gateway/main.ts', {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    RESPONSE_CACHE: 'off',
    SUBGRAPH_DEDUP: 'on',
    GATEWAY_WORKERS: '1',
    // A wide answer at the largest size may take longer than the default 5 s under load.
    SUBGRAPH_TIMEOUT_MS: '60000',
    ...urls,
    ...env,
  });
  running.add(child);
  const graphqlUrl = `http://127.0.0.1:${port}/graphql`;
  await waitForGraphql(graphqlUrl, child);
  return { target, graphqlUrl, child };
}

async function startHive(hosts: Host[]): Promise<Gateway> {
  const port = await freePort();
  const urls = Object.fromEntries(hosts.map((h) => [h.name, h.graphqlUrl]));
  const file = supergraphWithUrls(SUPERGRAPH_PATH, urls, path.join(BENCH_DIR, 'hive-supergraph.graphql'));
  const child = startHiveGateway(file, port);
  running.add(child);
  const graphqlUrl = `http://127.0.0.1:${port}/graphql`;
  await waitForGraphql(graphqlUrl, child);
  return { target: 'hive', graphqlUrl, child };
}

/** The answer every target must give, from our gateway, checked for errors. */
async function referenceData(graphqlUrl: string, query: QueryName): Promise<unknown> {
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

async function runGateway(
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
async function runComparison(
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
async function runSinglePair(
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

/** Starts the analytics index refresh through `gateway` and waits for it, printing progress. */
async function refreshAnalytics(analytics: Host, gateway: Gateway): Promise<number> {
  const started = performance.now();
  const syncUrl = `${analytics.controlUrl}/analytics/sync`;
  await postJson(`${syncUrl}?gateway=${encodeURIComponent(gateway.graphqlUrl)}`);
  let outcome: { ok?: boolean; items?: number; error?: string } | undefined;
  let unanswered = 0;
  for (let polls = 1; !outcome; polls++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    let state: { running: boolean; outcome?: typeof outcome };
    try {
      state = (await (await fetch(syncUrl)).json()) as typeof state;
      unanswered = 0;
    } catch (error) {
      // At 500 000 measures the refresh holds gigabytes, and a full collection can stop its process
      // for seconds; its server then drops the poll's idle keep-alive connection. Only a process that
      // has exited, or one silent for a minute, ends the benchmark.
      unanswered += 1;
      if (analytics.child.process.exitCode !== null || unanswered * 0.5 > 60) {
        throw new BenchError(
          `the analytics subgraph stopped answering during the refresh (${String(error)}; ${String((error as Error).cause)}):\n${analytics.child.output()}`,
        );
      }
      continue;
    }
    if (!state.running) outcome = state.outcome ?? { ok: false, error: 'no refresh ran' };
    else if (polls % 40 === 0) log(`  analytics index refresh through our gateway: ${polls / 2} s…`);
  }
  if (!outcome.ok) throw new BenchError(`analytics index refresh failed: ${JSON.stringify(outcome)}`);
  return (performance.now() - started) / 1000;
}

async function benchSize(
  regional: number,
  databaseUrl: string,
  options: BenchOptions,
  hiveInstalled: Promise<unknown>,
): Promise<SizeResult> {
  const size = catalogueSize(regional);
  const label = sizeLabel(size);
  const loadBefore = loadavg()[0] ?? 0;
  // The wide query needs the analytics index, filled through the gateway: minutes at 500 000.
  const queries: QueryName[] = regional <= options.wideMaxSize ? ['headline', 'wide'] : ['headline'];
  log(`Catalogue ${label}: creating the database and seeding…`);
  const seedSeconds = await prepareCatalogue(databaseUrl, size, log);
  log(`Seeded in ${seedSeconds.toFixed(1)} s; starting the five subgraphs…`);
  const hosts = await startHosts(databaseUrl);
  const rows: Row[] = [];

  let ours = await startOurGateway('ours', hosts, databaseUrl, {});
  const analytics = hosts.find((h) => h.name === 'analytics');
  if (!analytics) throw new Error('no analytics subgraph in the registry');
  let analyticsSyncSeconds: number | null = null;
  if (queries.includes('wide')) {
    analyticsSyncSeconds = await refreshAnalytics(analytics, ours);
    const status = await postJson<{
      data?: { analyticsStatus: { syncedAt: string; counts: { kind: string; count: number }[] } };
    }>(ours.graphqlUrl, { query: '{ analyticsStatus { syncedAt counts { kind count } } }' });
    const counts = status.json.data?.analyticsStatus.counts ?? [];
    const indexed = counts.find((c) => c.kind === 'REGIONAL_MEASURE')?.count ?? 0;
    if (indexed < size.regional)
      throw new BenchError(`the analytics index holds ${indexed} regional measures, expected ≥ ${size.regional}`);
    log(
      `Analytics index filled through our gateway in ${analyticsSyncSeconds.toFixed(1)} s: ` +
        counts.map((c) => `${c.kind} ${c.count}`).join(', '),
    );
  } else {
    log(`No wide query at this size (--wide-max ${options.wideMaxSize}): the analytics index stays empty`);
  }

  const expected: Partial<Record<QueryName, unknown>> = {};
  const isolatedSql: Partial<Record<QueryName, number>> = {};
  const floor: Partial<Record<QueryName, FloorStep>> = {};
  const subgraphUrls = Object.fromEntries(hosts.map((h) => [h.name, h.graphqlUrl]));
  for (const q of queries) {
    expected[q] = await referenceData(ours.graphqlUrl, q);
    await resetSql(hosts);
    await referenceData(ours.graphqlUrl, q);
    isolatedSql[q] = await readSql(hosts);
    floor[q] = await captureFloor(SUPERGRAPH_PATH, subgraphUrls, QUERIES[q].query, QUERIES[q].variables);
    log(
      `${q}: ${isolatedSql[q]} SQL statements for one query alone; the floor replays ` +
        `${countFetches(floor[q])} subgraph calls: ${describeSteps(floor[q])}`,
    );
  }

  // No measured run shares the machine with a first install of Hive Gateway.
  await hiveInstalled;
  const headlineSize = regional === options.headlineSize;
  // A fresh process for the measured rows: the one that served the analytics refresh (the whole
  // catalogue, page by page) keeps the memory it grew to, which Hive Gateway's process never had.
  await stopChild(ours.child);
  ours = await startOurGateway('ours', hosts, databaseUrl, {});
  const hive = await startHive(hosts);
  for (const q of queries)
    rows.push(...(await runComparison(ours, hive, q, floor[q] as FloorStep, expected[q], hosts, options)));
  await stopChild(hive.child);
  if (headlineSize)
    rows.push(...(await runSinglePair(ours, floor.headline as FloorStep, expected.headline, hosts, options)));
  await stopChild(ours.child);

  // The cache and the second worker are judged at the headline size; the growth curve is ours,
  // Hive Gateway's and the floor's.
  if (headlineSize) {
    ours = await startOurGateway('ours-cached', hosts, databaseUrl, { RESPONSE_CACHE: 'on' });
    for (const q of queries) rows.push(await runGateway(ours, q, expected[q], hosts, options));
    await stopChild(ours.child);

    ours = await startOurGateway('ours-workers2', hosts, databaseUrl, { GATEWAY_WORKERS: '2' });
    for (const q of queries) rows.push(await runGateway(ours, q, expected[q], hosts, options));
    await stopChild(ours.child);
  }

  await Promise.all(hosts.map((h) => stopChild(h.child)));
  const kb = (data: unknown) => Buffer.byteLength(JSON.stringify({ data })) / 1024;
  return {
    loadAverage: [loadBefore, loadavg()[0] ?? 0],
    regional: size.regional,
    federal: size.federal,
    label,
    seedSeconds,
    analyticsSyncSeconds,
    isolatedSql,
    answerKb: Object.fromEntries(queries.map((q) => [q, kb(expected[q])])),
    floorPlans: Object.fromEntries(queries.map((q) => [q, describeSteps(floor[q])])),
    rows,
  };
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1]) return match[1].trim();
  } catch {
    // Not Linux.
  }
  return cpus()[0]?.model ?? 'unknown CPU';
}

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  const databaseUrl = process.env['BENCH_DATABASE_URL'] || DEFAULT_DATABASE_URL;
  mkdirSync(BENCH_DIR, { recursive: true });
  const command = options.quick ? 'npm run bench:quick' : 'npm run bench';
  log(
    `${command}: sizes ${options.sizes.join(', ')} regional measures, ${options.connections} connections, ${options.seconds} s per run`,
  );

  const postgres = await postgresVersion(databaseUrl.replace(/\/[^/]*$/, '/postgres')).catch((error: unknown) => {
    throw new Error(
      `PostgreSQL is not reachable at ${databaseUrl.replace(/\/[^/]*$/, '/postgres')} (set BENCH_DATABASE_URL): ${String(error)}`,
    );
  });
  log('Timing `npm start` with a fresh data folder…');
  const startup = await measureStartup(!options.quick);
  log(
    `npm start: ready after ${startup.fresh.wallSeconds.toFixed(1)} s (hub ${startup.fresh.hubSeconds.toFixed(1)} s)` +
      (startup.again
        ? `; started again: ${startup.again.wallSeconds.toFixed(1)} s (hub ${startup.again.hubSeconds.toFixed(1)} s)`
        : ''),
  );

  // A first install (a minute or two, mostly download) overlaps the first catalogue's seeding and
  // analytics refresh; it is awaited before the first measured run.
  let hiveInstallSeconds = 0;
  const hiveInstalled = ensureHiveGateway(log).then((seconds) => (hiveInstallSeconds = seconds));
  hiveInstalled.catch(() => undefined);

  const sizes: SizeResult[] = [];
  for (const regional of options.sizes) sizes.push(await benchSize(regional, databaseUrl, options, hiveInstalled));

  const results: BenchResults = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    quick: options.quick,
    machine: {
      cpu: cpuModel(),
      cores: cpus().length,
      ramGiB: totalmem() / 1024 ** 3,
      node: process.version,
      postgres,
      os: `${type()} ${release()}`,
    },
    settings: {
      connections: options.connections,
      wideConnections: options.wideConnections,
      seconds: options.seconds,
      warmupSeconds: options.warmupSeconds,
    },
    hiveVersion: HIVE_VERSION,
    hiveInstallSeconds,
    startup: {
      freshWallSeconds: startup.fresh.wallSeconds,
      freshHubSeconds: startup.fresh.hubSeconds,
      againWallSeconds: startup.again?.wallSeconds ?? null,
      againHubSeconds: startup.again?.hubSeconds ?? null,
      webBuilt: startup.webBuilt,
    },
    headlineSize: options.headlineSize,
    sizes,
    totalSeconds: (performance.now() - started) / 1000,
    command,
  };
  const verdicts = judgeTargets(results);
  writeFileSync(path.join(BENCH_DIR, 'results.json'), `${JSON.stringify({ results, verdicts }, null, 2)}\n`);
  // Formatted as `npm run format` would, so `npm run check` passes with the file as written.
  const out = path.resolve(REPO_ROOT, options.out);
  const markdown = renderMarkdown(results, verdicts, METHOD);
  const config = (await prettier.resolveConfig(out)) ?? {};
  writeFileSync(out, await prettier.format(markdown, { ...config, filepath: out }));
  for (const v of verdicts)
    log(`${v.met ? 'met    ' : 'MISSED '} ${v.target}: ${v.measured}${v.why ? ` — ${v.why}` : ''}`);
  log(`Wrote ${options.out} in ${(results.totalSeconds / 60).toFixed(1)} min`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the hub processes…`);
    void stopAll().finally(() => process.exit(130));
  });
}

main()
  .catch(async (error: unknown) => {
    console.error(`\nBenchmark failed: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll();
    process.exitCode = 1;
  })
  .finally(() => void stopAll());
