/**
 * BENCHMARKS.md from a run's results and verdicts. Pure functions: the unit test feeds them
 * made-up numbers.
 */
import {
  findRow,
  fmt,
  int,
  rate,
  TARGET_LABELS,
  type BenchResults,
  type QueryName,
  type SizeResult,
  type TargetName,
  type TargetVerdict,
} from './results';

export {
  findRow,
  TARGET_LABELS,
  type BenchResults,
  type Machine,
  type QueryName,
  type Row,
  type SizeResult,
  type StartupResult,
  type TargetName,
  type TargetVerdict,
} from './results';
export { judgeTargets } from './verdicts';

function resultTable(size: SizeResult): string {
  const lines = [
    '| Query | Target | req/s | p50 ms | p99 ms | errors | SQL/req | peak MB | CPU ms/req |',
    '| ----- | ------ | ----: | -----: | -----: | -----: | ------: | ------: | ---------: |',
  ];
  for (const query of ['headline', 'wide'] as const) {
    for (const row of size.rows.filter((r) => r.query === query)) {
      const r = row.result;
      lines.push(
        `| ${query} | ${TARGET_LABELS[row.target]} | ${rate(r.requestsPerSecond)} | ${fmt(r.latency.p50, 2)} | ` +
          `${fmt(r.latency.p99, 2)} | ${r.errors} | ${fmt(r.sqlPerRequest, 1)} | ` +
          `${r.peakMemoryMb === null ? '–' : int(r.peakMemoryMb)} | ` +
          `${r.cpuMsPerRequest === null || r.cpuMsPerRequest === undefined ? '–' : fmt(r.cpuMsPerRequest, 2)} |`,
      );
    }
  }
  return lines.join('\n');
}

function growthTable(results: BenchResults): string {
  const lines = [
    '| Catalogue | seed s | ours req/s | Hive req/s | floor req/s | ours p50 ms | floor p50 ms | SQL/headline (alone) | wide: ours req/s | wide: Hive req/s | wide SQL (alone) |',
    '| --------- | -----: | ---------: | ---------: | ----------: | ----------: | -----------: | -------------------: | ---------------: | ---------------: | ---------------: |',
  ];
  for (const s of results.sizes) {
    const v = (t: TargetName, q: QueryName) => findRow(s, t, q);
    lines.push(
      `| ${s.label} | ${fmt(s.seedSeconds)} | ${rate(v('ours', 'headline')?.requestsPerSecond ?? NaN)} | ` +
        `${rate(v('hive', 'headline')?.requestsPerSecond ?? NaN)} | ${rate(v('floor', 'headline')?.requestsPerSecond ?? NaN)} | ` +
        `${fmt(v('ours', 'headline')?.latency.p50 ?? NaN, 2)} | ${fmt(v('floor', 'headline')?.latency.p50 ?? NaN, 2)} | ` +
        `${s.isolatedSql.headline ?? '–'} | ${rate(v('ours', 'wide')?.requestsPerSecond ?? NaN)} | ` +
        `${rate(v('hive', 'wide')?.requestsPerSecond ?? NaN)} | ${s.isolatedSql.wide ?? '–'} |`,
    );
  }
  return lines.join('\n');
}

/** BENCHMARKS.md: machine, method, one table per size, the growth curve and the targets. */
export function renderMarkdown(results: BenchResults, verdicts: TargetVerdict[], method: string): string {
  const m = results.machine;
  const out: string[] = [];
  out.push('# Benchmarks', '');
  out.push(
    `Written by \`${results.command}\` on ${results.date} in ${fmt(results.totalSeconds / 60, 1)} min` +
      (results.quick ? ' (**quick run**: one size, short runs — for checking the bench, not for conclusions)' : '') +
      '. Every number below comes from that one run; run it again to check them.',
    '',
  );
  out.push(
    '**Machine:** ' +
      `${m.cpu}, ${m.cores} cores, ${fmt(m.ramGiB, 0)} GiB RAM, Node ${m.node}, PostgreSQL ${m.postgres}, ${m.os}.`,
    '',
  );
  out.push(
    `**Load:** autocannon, ${results.settings.connections} connections for the headline query and ` +
      `${results.settings.wideConnections} for the wide one, ${results.settings.seconds} s measured after ` +
      `${results.settings.warmupSeconds} s of warm-up, per row (ours, the floor and Hive Gateway in alternating ` +
      `rounds that share those seconds; see Method). Hive Gateway ${results.hiveVersion}` +
      (results.hiveInstallSeconds > 0
        ? ` (installed during this run in ${fmt(results.hiveInstallSeconds, 0)} s, while the first catalogue was seeded; before any measured run).`
        : '.'),
    '',
  );
  out.push('## Targets', '');
  out.push('| Target | Met | Measured | Why missed |', '| ------ | --- | -------- | ---------- |');
  for (const v of verdicts)
    out.push(`| ${v.target} | ${v.met ? 'met' : '**missed**'} | ${v.measured} | ${v.why ?? ''} |`);
  out.push('');
  if (results.sizes.length > 1) {
    out.push('## Growth', '', growthTable(results), '');
  }
  for (const s of results.sizes) {
    out.push(`## ${s.label} measures`, '');
    const parts = [`Seeded in ${fmt(s.seedSeconds)} s.`];
    if (s.analyticsSyncSeconds !== null) {
      parts.push(`Analytics index filled through our gateway in ${fmt(s.analyticsSyncSeconds)} s.`);
    } else {
      parts.push(
        'The wide query did not run at this size: it needs the analytics index, which the analytics subgraph ' +
          'fills by reading the whole catalogue through the gateway (minutes at this size), and one wide answer ' +
          'takes the analytics subgraph seconds alone, longer than a measured run (see Method; ' +
          '`npm run bench -- --wide-max 500000 --seconds 60` includes it).',
      );
    }
    for (const q of ['headline', 'wide'] as const) {
      if (s.isolatedSql[q] === undefined) continue;
      parts.push(
        `${q === 'headline' ? 'Headline' : 'Wide'} query: one answer is ${fmt(s.answerKb[q] ?? NaN, 0)} kB; ` +
          `alone it costs ${s.isolatedSql[q]} SQL statements; the floor replays ${s.floorPlans[q] ?? '–'}.`,
      );
    }
    parts.push(`Load average ${fmt(s.loadAverage[0], 2)} before this size's runs, ${fmt(s.loadAverage[1], 2)} after.`);
    out.push(parts.join(' '), '');
    out.push(resultTable(s), '');
  }
  out.push('## Method', '', method.trim(), '');
  return out.join('\n');
}
