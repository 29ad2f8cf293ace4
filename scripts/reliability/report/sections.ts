/** The report's section for each phase that ran, as Markdown lines. */
import type { HostileResult } from '../hostile/run';
import { cell, countsTable, fmt, lat, ms } from './format';
import type { ReliabilityResults } from './results';

function hostileTable(results: HostileResult[]): string[] {
  const lines = [
    '| # | Request | Expected | Status | Codes | ms | 5xx | Leak | Hang | As expected | Note |',
    '| -: | --- | --- | --: | --- | --: | --- | --- | --- | --- | --- |',
  ];
  results.forEach((h, i) => {
    lines.push(
      `| ${i + 1} | ${cell(h.name)} | ${cell(h.expected)} | ${h.status ?? '–'} | ${cell(h.codes.join(', ') || '–')} | ${fmt(h.ms)} | ` +
        `${h.serverError ? '**yes**' : 'no'} | ${h.leaks.length ? `**${cell(h.leaks.map((l) => l.kind).join(', '))}**` : 'no'} | ` +
        `${h.hang ? '**yes**' : 'no'} | ${h.asExpected ? 'yes' : '**no**'} | ${cell(h.note)} |`,
    );
  });
  return lines;
}

export function hostileSection(h: HostileResult[], out: string[]): void {
  out.push('## Hostile requests', '');
  out.push(
    `${h.length} kinds, each sent once. 5xx: ${h.filter((x) => x.serverError).length}; with a leak: ` +
      `${h.filter((x) => x.leaks.length > 0).length}; hangs: ${h.filter((x) => x.hang).length}; not as expected: ` +
      `${h.filter((x) => !x.asExpected).length}. "5xx" counts INTERNAL_SERVER_ERROR in a 200 too; a leak is a stack trace, a file ` +
      'path, an internal address or port, or SQL in the body or any header.',
    '',
    ...hostileTable(h),
    '',
  );
}

export function fuzzSection(f: NonNullable<ReliabilityResults['fuzz']>, out: string[]): void {
  out.push('## Schema-driven fuzz', '');
  out.push(
    `${fmt(f.operations)} operations generated from the gateway's API schema (seed ${f.seed}; ${fmt(f.valid)} valid, the rest ` +
      `broken on purpose), ${f.sent < f.operations ? `${fmt(f.sent)} of them ` : ''}sent anonymously on ${f.concurrency} connections in ${fmt(f.seconds, 1)} s (per answer p50 / p99 / max ` +
      `${fmt(f.latency.p50, 1)} / ${fmt(f.latency.p99, 1)} / ${fmt(f.latency.max)} ms). Valid operations answered with data and no errors: ` +
      `${fmt(f.validWithData)}. 5xx or INTERNAL_SERVER_ERROR: ${fmt(f.serverErrors)}; hangs: ${fmt(f.hangs)}; answers with a leak: ${fmt(f.leaks)}.`,
    '',
    ...countsTable('HTTP status', f.byStatus),
    '',
    ...countsTable('Error code', f.byCode),
    '',
  );
  if (f.findings.length > 0) {
    out.push('First operations with a finding:', '');
    for (const x of f.findings) {
      out.push(`- ${cell(x.problem)} (HTTP ${x.status ?? '–'}):`, '', '  ```graphql', `  ${x.operation}`, '  ```', '');
      out.push(`  variables \`${cell(x.variables)}\`; answer \`${cell(x.answer).replace(/`/g, "'")}\``, '');
    }
  }
}

export function killsSection(kills: NonNullable<ReliabilityResults['kills']>, out: string[]): void {
  out.push('## kill -9 of each subgraph under read load', '');
  out.push(
    '| Subgraph | pid → new pid | Answers | Full | Partial | Errors | 429 | Listening again | Full answers again |',
    '| --- | --- | --: | --: | --: | --: | --: | --: | --: |',
  );
  for (const k of kills) {
    if (k.skipped) {
      out.push(`| ${k.subgraph} | ${cell(k.skipped)} | | | | | | | |`);
      continue;
    }
    const c = k.counts;
    out.push(
      `| ${k.subgraph} | ${k.pidBefore} → ${k.pidAfter ?? '–'} | ${c?.total ?? 0} | ${c?.full ?? 0} | ${c?.partial ?? 0} | ${c?.error ?? 0} | ` +
        `${c?.rateLimited ?? 0} | ${ms(k.relistenMs)} | ${ms(k.fullAgainMs)} |`,
    );
  }
  out.push(
    '',
    'Answers are counted from the kill until the end of the phase (full answers for a few seconds in a row, or the bound).',
    '',
  );
}

export function stopSection(s: NonNullable<ReliabilityResults['stop']>, out: string[]): void {
  out.push('## SIGSTOP of a subgraph', '');
  if (s.skipped) out.push(`${s.subgraph}: ${s.skipped}.`, '');
  else {
    const w = s.whileStopped;
    out.push(
      '| Subgraph | Stopped for | Answers meanwhile | Full | Partial | Errors | p50 ms | max ms | Failing fast after | Full again after SIGCONT |',
      '| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
      `| ${s.subgraph} | ${fmt((s.stoppedMs ?? 0) / 1000)} s | ${w?.total ?? 0} | ${w?.full ?? 0} | ${w?.partial ?? 0} | ${w?.error ?? 0} | ` +
        `${fmt(w?.p50Ms, 1)} | ${fmt(w?.maxMs)} | ${ms(s.failFastMs)} | ${ms(s.fullAgainMs)} |`,
      '',
      '"Failing fast": the first answer sent after SIGSTOP that was partial (SUBGRAPH_UNAVAILABLE) and took under 100 ms.',
      '',
    );
  }
}

export function postgresSection(p: NonNullable<ReliabilityResults['postgres']>, out: string[]): void {
  out.push('## PostgreSQL restart under a write loop', '');
  if (p.skipped) out.push(p.skipped, '');
  else {
    out.push(
      '| Writes sent | Acknowledged | Failed | Lost (acknowledged, missing) | Not verifiable | pg_ctl restart | First acknowledged write after the restart began |',
      '| --: | --: | --: | --: | --: | --: | --: |',
      `| ${p.attempted} | ${p.acknowledged} | ${p.failed} | ${p.lost} | ${p.unverified} | ${ms(p.restartMs)} | ${ms(p.writesAgainMs)} |`,
      '',
      `Failed writes by answer: ${
        Object.entries(p.failureCodes)
          .map(([k, n]) => `${cell(k)} ×${n}`)
          .join('; ') || 'none'
      }. ` +
        `Postmaster pid ${p.postmasterBefore ?? '–'} before, ${p.postmasterAfter ?? '–'} after.` +
        (p.failureSample ? ` First failed answer: \`${cell(p.failureSample).replace(/`/g, "'")}\`.` : ''),
      '',
    );
  }
}

export function budgetSection(b: NonNullable<ReliabilityResults['budget']>, out: string[]): void {
  out.push('## Limits within their budget', '');
  out.push('| Abuse | Sent | Refused | Statuses | Codes | p50 / p99 ms |', '| --- | --: | --: | --- | --- | --: |');
  for (const x of b.refusals)
    out.push(`| ${cell(x.name)} | ${x.sent} | ${x.refused} | ${x.statuses} | ${cell(x.codes)} | ${lat(x.latency)} |`);
  out.push(
    '',
    '| Headline query, one connection | Answers | Full | Partial | Errors | 429 | p50 / p99 ms (full answers) |',
    '| --- | --: | --: | --: | --: | --: | --: |',
  );
  for (const [label, run] of [
    ['alone', b.baseline],
    [`with the abuse alongside (${b.abuseSent} abusive requests on two connections)`, b.underAbuse],
  ] as const) {
    const c = run.counts;
    out.push(
      `| ${label} | ${c.total} | ${c.full} | ${c.partial} | ${c.error} | ${c.rateLimited} | ${lat(run.latency)} |`,
    );
  }
  out.push('', `Each headline run lasts ${fmt(b.seconds)} s.`, '');
}

export function memorySection(x: NonNullable<ReliabilityResults['memory']>, out: string[]): void {
  out.push('## Gateway memory', '');
  out.push(
    '| Load | Answers | req/s | RSS before MB | RSS after MB | RSS 3 s later MB | /stats rss / heap before MB | after MB |',
    '| --- | --: | --: | --: | --: | --: | --: | --: |',
    `| headline query, ${x.connections} connections, ${fmt(x.seconds)} s | ${x.counts.total} (${x.counts.full} full) | ${fmt(x.requestsPerSecond)} | ` +
      `${fmt(x.rssBeforeMb)} | ${fmt(x.rssAfterMb)} | ${fmt(x.rssSettledMb)} | ` +
      `${x.statsBefore ? `${fmt(x.statsBefore.rssMb)} / ${fmt(x.statsBefore.heapUsedMb)}` : `– (HTTP ${x.statsStatus ?? '–'})`} | ` +
      `${x.statsAfter ? `${fmt(x.statsAfter.rssMb)} / ${fmt(x.statsAfter.heapUsedMb)}` : '–'} |`,
    '',
    `RSS is VmRSS of the process listening on the gateway's port (pid ${x.gatewayPid ?? '–'}) from /proc; /stats is read with an operator token.`,
    '',
  );
}
