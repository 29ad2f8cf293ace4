/**
 * The targets of the issue, each judged met or missed from a run's results, with the numbers it
 * was judged on and, when missed, why — from the numbers. Pure functions: the unit test feeds
 * them made-up numbers.
 */
import { findRow, fmt, int, TARGET_LABELS, type BenchResults, type SizeResult, type TargetVerdict } from './results';
import type { RunResult } from './stats';

/** The headline rows at the size the ratio targets are judged at. */
interface HeadlineRows {
  results: BenchResults;
  at: SizeResult | undefined;
  ours: RunResult | undefined;
  hive: RunResult | undefined;
  floor: RunResult | undefined;
  cached: RunResult | undefined;
  /** " (headline query, 50 000)": where the numbers were taken, for the Measured column. */
  where: string;
}

function throughputVerdict({ ours, hive, floor, where }: HeadlineRows): TargetVerdict | undefined {
  if (!ours || !hive) return undefined;
  const ratio = ours.requestsPerSecond / hive.requestsPerSecond;
  const p99ok = ours.latency.p99 <= hive.latency.p99;
  const met = ratio >= 1.5 && p99ok;
  const reasons: string[] = [];
  if (ratio < 1.5) {
    reasons.push(`our gateway serves ${fmt(ratio, 2)}× Hive Gateway's requests/s, not 1.5×`);
    if (floor) {
      const ceiling = floor.requestsPerSecond / hive.requestsPerSecond;
      reasons.push(
        `the subgraphs alone (the floor) answer ${fmt(ceiling, 2)}× Hive Gateway's rate on this machine, ` +
          `so a gateway in front of them can gain at most that much` +
          (ceiling < 1.5 ? ': 1.5× is out of reach here whatever the gateway does' : ''),
      );
    }
  }
  if (!p99ok) reasons.push(`our p99 ${fmt(ours.latency.p99)} ms is above Hive Gateway's ${fmt(hive.latency.p99)} ms`);
  return {
    target: '≥ 1.5× Hive Gateway requests/s at equal or lower p99, response cache off',
    met,
    measured:
      `${int(ours.requestsPerSecond)} vs ${int(hive.requestsPerSecond)} req/s = ${fmt(ratio, 2)}×; ` +
      `p99 ${fmt(ours.latency.p99)} vs ${fmt(hive.latency.p99)} ms${where}`,
    ...(met ? {} : { why: reasons.join('; ') }),
  };
}

function overheadVerdict({ results, at, ours, floor, where }: HeadlineRows): TargetVerdict | undefined {
  if (!ours || !floor) return undefined;
  // The gateway's overhead is the latency it adds to one query: measured with one connection,
  // where nothing waits in a queue. Under 10 connections the gateway's CPU time competes with
  // the subgraphs, PostgreSQL and the load client for the same cores, and the p50 difference
  // there is mostly that queue; it is reported beside it.
  const oursAlone = findRow(at, 'ours-single', 'headline');
  const floorAlone = findRow(at, 'floor-single', 'headline');
  const loaded = ours.latency.p50 - floor.latency.p50;
  const judged = oursAlone && floorAlone ? oursAlone.latency.p50 - floorAlone.latency.p50 : loaded;
  const met = judged <= 3;
  const underLoad =
    `${fmt(ours.latency.p50, 2)} vs ${fmt(floor.latency.p50, 2)} ms = +${fmt(loaded, 2)} ms ` +
    `with ${results.settings.connections} connections`;
  return {
    target: 'gateway overhead at p50 within 3 ms of the floor',
    met,
    measured:
      oursAlone && floorAlone
        ? `p50 ${fmt(oursAlone.latency.p50, 2)} vs ${fmt(floorAlone.latency.p50, 2)} ms = +${fmt(judged, 2)} ms ` +
          `with 1 connection (judged); ${underLoad}${where}`
        : `p50 ${underLoad}${where}`,
    ...(met
      ? {}
      : {
          why:
            (oursAlone?.cpuMsPerRequest != null
              ? `with one connection our gateway spends ${fmt(oursAlone.cpuMsPerRequest, 2)} ms of CPU per query ` +
                `(Apollo's result shaping and serialising of the answer, parsing the subgraphs' answers, one ` +
                `socket write per subgraph call), most of it between the plan's subgraph calls, where it adds to ` +
                `the latency; `
              : '') +
            `the gateway runs on the same ${results.machine.cores} cores as the subgraphs, PostgreSQL and the ` +
            `load client`,
        }),
  };
}

function sqlVerdict({ results }: HeadlineRows): TargetVerdict {
  const sqlBySize = results.sizes.map((s) => `${s.isolatedSql.headline} at ${s.label}`);
  const counts = new Set(results.sizes.map((s) => s.isolatedSql.headline));
  return {
    target: 'SQL statements per headline query constant as the catalogue grows',
    met: counts.size === 1 && results.sizes.length > 0,
    measured:
      results.sizes.length > 1 ? sqlBySize.join(', ') : `${sqlBySize.join('')} (only one size measured in this run)`,
    ...(counts.size === 1 ? {} : { why: 'the count changes with the size: some relation is loaded per row' }),
  };
}

function cacheVerdict({ results, ours, cached, where }: HeadlineRows): TargetVerdict | undefined {
  if (!ours || !cached) return undefined;
  const ratio = cached.requestsPerSecond / ours.requestsPerSecond;
  const met = ratio >= 10;
  return {
    target: 'repeated anonymous reads from the response cache ≥ 10× faster than uncached',
    met,
    measured:
      `${int(cached.requestsPerSecond)} vs ${int(ours.requestsPerSecond)} req/s = ${fmt(ratio, 1)}×; ` +
      `p50 ${fmt(cached.latency.p50, 2)} vs ${fmt(ours.latency.p50, 2)} ms${where}`,
    ...(met
      ? {}
      : {
          why:
            `a cached answer still costs an HTTP round trip, the cache lookup and sending the body, and the load ` +
            `client shares the ${results.machine.cores} cores with the gateway`,
        }),
  };
}

function memoryVerdict({ results }: HeadlineRows): TargetVerdict | undefined {
  const memoryRows = results.sizes.flatMap((s) =>
    s.rows
      .filter((r) => (r.target === 'ours' || r.target === 'ours-cached') && r.result.peakMemoryMb !== null)
      .map((r) => ({ size: s.label, row: r })),
  );
  if (memoryRows.length === 0) return undefined;
  const worst = memoryRows.reduce((a, b) =>
    (b.row.result.peakMemoryMb ?? 0) > (a.row.result.peakMemoryMb ?? 0) ? b : a,
  );
  const peak = worst.row.result.peakMemoryMb ?? 0;
  const met = peak < 300;
  return {
    target: 'gateway memory under 300 MB at peak',
    met,
    measured: `highest peak ${int(peak)} MB (${TARGET_LABELS[worst.row.target]}, ${worst.row.query} query, ${worst.size})`,
    ...(met
      ? {}
      : {
          why:
            `the peak comes with the ${worst.row.query} query, whose answer is ` +
            `${fmt(results.sizes.find((s) => s.label === worst.size)?.answerKb[worst.row.query] ?? NaN, 0)} kB ` +
            `(its subgraph answers about as large), parsed, merged and serialised for every request in flight, on ` +
            `top of what the process holds anyway (compare its headline rows); V8 lets the heap grow before it collects`,
        }),
  };
}

function startupVerdict({ results }: HeadlineRows): TargetVerdict {
  const start = results.startup;
  const startMet = start.freshWallSeconds < 10;
  return {
    target: '`npm start` to ready under 10 s',
    met: startMet,
    measured:
      `${fmt(start.freshWallSeconds)} s with a fresh data folder (the hub itself reports ${fmt(start.freshHubSeconds)} s` +
      `${start.webBuilt ? '; explorer and dashboard already built, as on every start after the first' : '; including the build of the explorer and dashboard'})` +
      (start.againWallSeconds !== null
        ? `; ${fmt(start.againWallSeconds)} s when started again (hub ${fmt(start.againHubSeconds ?? Number.NaN)} s)`
        : ''),
    ...(startMet
      ? {}
      : {
          why:
            `of the ${fmt(start.freshWallSeconds)} s, ${fmt(start.freshWallSeconds - start.freshHubSeconds)} s pass before ` +
            `the hub's first line runs (npm, the prestart step that builds the explorer and dashboard when stale, tsx); the hub's ` +
            `${fmt(start.freshHubSeconds)} s include initdb of the embedded PostgreSQL, migrations, seed and the first analytics refresh`,
        }),
  };
}

/** The targets of the issue, each met or missed with the numbers it was judged on, in this order. */
export function judgeTargets(results: BenchResults): TargetVerdict[] {
  const at = results.sizes.find((s) => s.regional === results.headlineSize) ?? results.sizes[0];
  const rows: HeadlineRows = {
    results,
    at,
    ours: findRow(at, 'ours', 'headline'),
    hive: findRow(at, 'hive', 'headline'),
    floor: findRow(at, 'floor', 'headline'),
    cached: findRow(at, 'ours-cached', 'headline'),
    where: at ? ` (headline query, ${at.label})` : '',
  };
  return [throughputVerdict, overheadVerdict, sqlVerdict, cacheVerdict, memoryVerdict, startupVerdict]
    .map((judge) => judge(rows))
    .filter((v): v is TargetVerdict => v !== undefined);
}
