/**
 * `npm run bench` (`npm run bench:quick` for one small size and short runs): the hub on
 * PostgreSQL with a generated catalogue of each size, loaded with autocannon through our gateway
 * (response cache off, on, and two workers), through Hive Gateway on the same supergraph and the
 * same subgraphs, and straight from the subgraphs (the floor). Writes BENCHMARKS.md.
 *
 * Needs PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/hub_bench;
 * the database is dropped and created for every size). Exits non-zero on any wrong answer.
 *
 * One size is measured in size.ts (its runs in runs.ts, the processes in services.ts); the
 * targets are judged in verdicts.ts and BENCHMARKS.md is written by report.ts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import path from 'node:path';
import * as prettier from 'prettier';
import { REPO_ROOT } from '../../schema/registry';
import { DEFAULT_DATABASE_URL, postgresVersion } from './catalogue';
import { ensureHiveGateway, HIVE_VERSION } from './hive';
import { elapsedSeconds, log } from './log';
import { METHOD } from './method';
import { parseBenchArgs, type BenchOptions } from './options';
import { judgeTargets, renderMarkdown, type BenchResults, type Machine, type SizeResult } from './report';
import { BENCH_DIR, stopAll } from './services';
import { benchSize } from './size';
import { measureStartup } from './startup';

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1]) return match[1].trim();
  } catch {
    // Not Linux.
  }
  return cpus()[0]?.model ?? 'unknown CPU';
}

function machine(postgres: string): Machine {
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    ramGiB: totalmem() / 1024 ** 3,
    node: process.version,
    postgres,
    os: `${type()} ${release()}`,
  };
}

async function timeStartup(options: BenchOptions): Promise<BenchResults['startup']> {
  log('Timing `npm start` with a fresh data folder…');
  const startup = await measureStartup(!options.quick);
  log(
    `npm start: ready after ${startup.fresh.wallSeconds.toFixed(1)} s (hub ${startup.fresh.hubSeconds.toFixed(1)} s)` +
      (startup.again
        ? `; started again: ${startup.again.wallSeconds.toFixed(1)} s (hub ${startup.again.hubSeconds.toFixed(1)} s)`
        : ''),
  );
  return {
    freshWallSeconds: startup.fresh.wallSeconds,
    freshHubSeconds: startup.fresh.hubSeconds,
    againWallSeconds: startup.again?.wallSeconds ?? null,
    againHubSeconds: startup.again?.hubSeconds ?? null,
    webBuilt: startup.webBuilt,
  };
}

/** .bench/results.json and BENCHMARKS.md (or --out), and the verdicts on the console. */
async function writeResults(results: BenchResults, options: BenchOptions): Promise<void> {
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
  const startup = await timeStartup(options);

  // A first install (a minute or two, mostly download) overlaps the first catalogue's seeding and
  // analytics refresh; it is awaited before the first measured run.
  let hiveInstallSeconds = 0;
  const hiveInstalled = ensureHiveGateway(log).then((seconds) => (hiveInstallSeconds = seconds));
  hiveInstalled.catch(() => undefined);

  const sizes: SizeResult[] = [];
  for (const regional of options.sizes) sizes.push(await benchSize(regional, databaseUrl, options, hiveInstalled));

  await writeResults(
    {
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      quick: options.quick,
      machine: machine(postgres),
      settings: {
        connections: options.connections,
        wideConnections: options.wideConnections,
        seconds: options.seconds,
        warmupSeconds: options.warmupSeconds,
      },
      hiveVersion: HIVE_VERSION,
      hiveInstallSeconds,
      startup,
      headlineSize: options.headlineSize,
      sizes,
      totalSeconds: elapsedSeconds(),
      command,
    },
    options,
  );
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
