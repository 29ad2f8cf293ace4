/**
 * `npm run reliability` (`-- --quick` for a smoke run): starts the hub as `npm start` does, then
 * hostile requests, a schema-driven fuzz, the limits against their budget, the gateway's memory
 * under load, kill -9 and SIGSTOP of subgraphs, and a PostgreSQL restart under writes. Writes
 * RELIABILITY.md with every figure and the findings. Everything stays on 127.0.0.1, every loop is
 * bounded, and the hub is stopped at the end (also on Ctrl-C).
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import path from 'node:path';
import * as prettier from 'prettier';
import { REPO_ROOT } from '../../schema/registry';
import { loadApiSchema } from './api-schema';
import { measureBudget } from './budget';
import { killEachSubgraph, stopAndContinue } from './faults';
import { runFuzz } from './fuzz';
import { runHostile } from './hostile/run';
import { buildWebIfStale, startReliabilityHub, type Hub } from './hub-process';
import type { LeakContext } from './leaks';
import { measureMemory } from './memory';
import { parseReliabilityArgs, type Phase, type ReliabilityOptions } from './options';
import { pidListeningOn } from './ports';
import { postgresRestartUnderWrites } from './postgres-restart';
import { renderReliability, listFindings, type ReliabilityResults } from './report';

const started = performance.now();
const HUB_LOG = path.join(tmpdir(), 'hub-reliability-last-run.log');
function log(line: string): void {
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
}

async function main(): Promise<void> {
  const options = parseReliabilityArgs(process.argv.slice(2));
  const out = path.resolve(REPO_ROOT, options.out);
  const loadBefore = loadavg();
  buildWebIfStale();
  log(`starting the hub (scripts/start.ts) with ${JSON.stringify(options.env)}`);
  const hub: Hub = await startReliabilityHub(options.env);
  stopHubOnSignal(hub);
  log(`hub ready in ${hub.startSeconds.toFixed(1)} s at ${hub.graphqlUrl}`);

  const results = initialResults(hub, options, loadBefore);
  const leakContext: LeakContext = {
    internalPorts: [...Object.values(hub.subgraphPorts), hub.postgresPort],
    internalPaths: [REPO_ROOT, hub.folder],
  };
  const operatorToken = await hub.token(['operator']);
  try {
    await runPhases(hub, options, results, { leakContext, operatorToken });
  } finally {
    // The hub's own last lines (its log at LOG_LEVEL=warn), for looking into a finding.
    writeFileSync(HUB_LOG, hub.child.output());
    log(`the hub's last 64 kB of output: ${HUB_LOG}`);
    log('stopping the hub');
    const stopStarted = performance.now();
    await hub.stop();
    results.hub.stopSeconds = (performance.now() - stopStarted) / 1000;
  }

  results.machine.loadAfter = loadavg();
  results.totalSeconds = (performance.now() - started) / 1000;
  const markdown = renderReliability(results);
  const config = (await prettier.resolveConfig(out)) ?? {};
  writeFileSync(out, await prettier.format(markdown, { ...config, filepath: out }));
  const findings = listFindings(results);
  log(
    `wrote ${path.relative(REPO_ROOT, out)} in ${(results.totalSeconds / 60).toFixed(1)} min: ${findings.length} finding(s)`,
  );
  for (const f of findings) console.log(`  - ${f}`);
  // The file is written either way; the exit code tells a script whether the hub passed.
  if (findings.length > 0) process.exitCode = 1;
}

/** Ctrl-C (or a SIGTERM) stops the hub before the run exits. */
function stopHubOnSignal(hub: Hub): void {
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    log('interrupted: stopping the hub');
    void hub.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

/** The results before any phase: the run, the machine and the hub as it started. */
function initialResults(hub: Hub, options: ReliabilityOptions, loadBefore: number[]): ReliabilityResults {
  const services = [
    { service: 'gateway', port: hub.gatewayPort },
    ...Object.entries(hub.subgraphPorts).map(([service, port]) => ({ service, port })),
    { service: 'postgres', port: hub.postgresPort },
  ];
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: `npm run reliability${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    quick: options.quick,
    totalSeconds: 0,
    machine: {
      cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
      cores: cpus().length,
      ramGiB: totalmem() / 1024 ** 3,
      node: process.versions.node,
      os: `${type()} ${release()}`,
      loadBefore,
      loadAfter: [],
    },
    hub: {
      startSeconds: hub.startSeconds,
      processes: services.map((s) => ({ ...s, pid: pidListeningOn(s.port) })),
      env: options.env,
    },
    phaseErrors: [],
  };
}

/**
 * Runs the chosen phases in order into `results`; a phase that fails is noted and the next one
 * runs, unless the hub has exited meanwhile.
 */
async function runPhases(
  hub: Hub,
  options: ReliabilityOptions,
  results: ReliabilityResults,
  { leakContext, operatorToken }: { leakContext: LeakContext; operatorToken: string },
): Promise<void> {
  const phase = async (name: Phase, run: () => Promise<void>) => {
    if (!options.phases.includes(name)) return;
    if (hub.child.process.exitCode !== null || hub.child.process.signalCode !== null) {
      results.phaseErrors.push({ phase: name, message: 'the hub had exited before it' });
      return;
    }
    log(`— ${name}`);
    try {
      await run();
    } catch (error) {
      results.phaseErrors.push({ phase: name, message: (error as Error).message.split('\n')[0] ?? String(error) });
      log(`  ${name} failed: ${(error as Error).stack ?? String(error)}`);
    }
  };

  await phase('hostile', async () => {
    results.hostile = await runHostile(
      {
        hub,
        deadlineMs: options.deadlineMs,
        slowMaxMs: options.slowMaxMs,
        slowBodyMaxMs: options.slowBodyMaxMs,
        idleCount: options.idleConnections,
      },
      leakContext,
      log,
    );
  });
  await phase('fuzz', async () => {
    results.fuzz = await runFuzz(
      loadApiSchema(),
      hub.graphqlUrl,
      {
        seed: options.seed,
        count: options.fuzzOperations,
        concurrency: options.fuzzConcurrency,
        maxSeconds: options.fuzzMaxSeconds,
        deadlineMs: options.deadlineMs,
      },
      leakContext,
      log,
    );
    log(`  fuzz: ${JSON.stringify(results.fuzz.byStatus)} ${JSON.stringify(results.fuzz.byCode)}`);
  });
  await phase('budget', async () => {
    results.budget = await measureBudget(hub, { ...options.budget, deadlineMs: options.deadlineMs });
    for (const r of results.budget.refusals)
      log(`  ${r.name}: ${r.statuses} p50 ${r.latency.p50.toFixed(1)} ms p99 ${r.latency.p99.toFixed(1)} ms`);
    log(
      `  headline p50 ${results.budget.baseline.latency.p50.toFixed(1)} ms alone, ${results.budget.underAbuse.latency.p50.toFixed(1)} ms with the abuse`,
    );
  });
  await phase('memory', async () => {
    results.memory = await measureMemory(hub, { ...options.memory, deadlineMs: options.deadlineMs, operatorToken });
    log(`  gateway RSS ${results.memory.rssBeforeMb?.toFixed(0)} → ${results.memory.rssAfterMb?.toFixed(0)} MB`);
  });
  const fault = { ...options.fault, deadlineMs: options.deadlineMs, leakContext };
  await phase('kill', async () => {
    results.kills = await killEachSubgraph(hub, fault, log);
  });
  await phase('stop', async () => {
    results.stop = await stopAndContinue(hub, options.stopSubgraph, options.stoppedMs, fault, log);
  });
  // Last: a hub that does not survive its database restarting leaves nothing to measure after it.
  await phase('postgres', async () => {
    results.postgres = await postgresRestartUnderWrites(
      hub,
      { ...options.postgres, deadlineMs: options.deadlineMs },
      leakContext,
      log,
    );
    log(
      `  writes: ${results.postgres.acknowledged} acknowledged, ${results.postgres.lost} lost, ${results.postgres.failed} failed`,
    );
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
