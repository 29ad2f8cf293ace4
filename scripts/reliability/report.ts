/** RELIABILITY.md from the results of one run: pure, so the unit test renders a fixed result. */
import type { LatencySummary } from '../bench/stats';
import type { BudgetResult } from './budget';
import type { KillResult, StopResult } from './faults';
import type { FuzzResult } from './fuzz';
import type { HostileResult } from './hostile';
import type { MemoryResult } from './memory';
import type { WriteLoopResult } from './postgres-restart';

export interface ReliabilityResults {
  date: string;
  command: string;
  quick: boolean;
  totalSeconds: number;
  machine: {
    cpu: string;
    cores: number;
    ramGiB: number;
    node: string;
    os: string;
    loadBefore: number[];
    loadAfter: number[];
  };
  hub: {
    startSeconds: number;
    /** Service → pid and port, as found on the ports after start. */
    processes: { service: string; port: number; pid: number | null }[];
    /** Settings the run gave the hub beyond the ports and folders. */
    env: Record<string, string>;
    /** From SIGTERM to the launcher until everything had exited, s; whether a SIGKILL was needed. */
    stopSeconds?: number;
  };
  hostile?: HostileResult[];
  fuzz?: FuzzResult;
  kills?: KillResult[];
  stop?: StopResult;
  postgres?: WriteLoopResult;
  budget?: BudgetResult;
  memory?: MemoryResult;
  /** Phases that could not be run to the end, with the reason. */
  phaseErrors: { phase: string; message: string }[];
}

const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n)
    ? '–'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (n: number | null | undefined) => (n === null || n === undefined ? 'never' : `${fmt(n)} ms`);
/** A table cell: no pipes or line breaks. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
const lat = (l: LatencySummary) => `${fmt(l.p50, 1)} / ${fmt(l.p99, 1)}`;

/** Every finding of the run, in plain words: a 5xx, a leak, a hang, a lost write, an expectation not met. */
export function listFindings(r: ReliabilityResults): string[] {
  const out: string[] = [];
  for (const p of r.phaseErrors) out.push(`The phase "${p.phase}" did not complete: ${p.message}`);
  for (const h of r.hostile ?? []) {
    const got =
      h.status === null ? h.note || 'no answer' : `HTTP ${h.status}${h.codes.length ? ` ${h.codes.join(',')}` : ''}`;
    if (h.serverError) out.push(`Hostile request "${h.name}": server error (${got}).`);
    for (const leak of h.leaks)
      out.push(`Hostile request "${h.name}": ${leak.kind} in ${leak.where}: \`${leak.excerpt}\`.`);
    if (h.hang) out.push(`Hostile request "${h.name}": no answer within the deadline.`);
    if (!h.asExpected && !h.hang && !h.serverError)
      out.push(
        `Hostile request "${h.name}": expected ${h.expected}, got ${got}${h.note && h.status !== null ? ` (${h.note})` : ''}.`,
      );
  }
  const f = r.fuzz;
  if (f) {
    if (f.sent < f.operations) {
      out.push(
        `Fuzz: only ${f.sent} of ${f.operations} operations were answered within its bound of ${f.maxSeconds} s.`,
      );
    }
    if (f.serverErrors > 0)
      out.push(`Fuzz: ${f.serverErrors} of ${f.operations} operations got a 5xx or INTERNAL_SERVER_ERROR.`);
    if (f.hangs > 0) out.push(`Fuzz: ${f.hangs} operations got no answer within the deadline.`);
    if (f.leaks > 0) out.push(`Fuzz: ${f.leaks} answers leaked internals.`);
  }
  for (const k of r.kills ?? []) {
    if (k.skipped) out.push(`kill -9 of ${k.subgraph} not done: ${k.skipped}.`);
    else {
      if (k.notFullBefore)
        out.push(`kill -9 of ${k.subgraph}: answers were not full before it (an earlier kill had not recovered).`);
      if (k.relistenMs === null)
        out.push(`kill -9 of ${k.subgraph}: nothing listened on its port again within the phase (no restart).`);
      if (k.fullAgainMs === null) out.push(`kill -9 of ${k.subgraph}: full answers did not return within the phase.`);
      if ((k.counts?.error ?? 0) > 0)
        out.push(`kill -9 of ${k.subgraph}: ${k.counts?.error} answers were errors rather than partial answers.`);
      if (k.firstLeak)
        out.push(`kill -9 of ${k.subgraph}: ${k.counts?.leaks} answers leaked internals, e.g. ${k.firstLeak}.`);
      if (k.gatewayAnswered === false)
        out.push(`kill -9 of ${k.subgraph}: the gateway gave no answer with data meanwhile.`);
    }
  }
  const s = r.stop;
  if (s) {
    if (s.skipped) out.push(`SIGSTOP of ${s.subgraph} not done: ${s.skipped}.`);
    else {
      if (s.failFastMs === null)
        out.push(
          `SIGSTOP of ${s.subgraph}: its fields never failed fast (partial answer under 100 ms) within ${fmt((s.stoppedMs ?? 0) / 1000)} s.`,
        );
      if (s.firstLeak) out.push(`SIGSTOP of ${s.subgraph}: answers leaked internals, e.g. ${s.firstLeak}.`);
      if (s.fullAgainMs === null) out.push(`SIGCONT of ${s.subgraph}: full answers did not return within the phase.`);
    }
  }
  const pg = r.postgres;
  if (pg) {
    if (pg.skipped) out.push(`PostgreSQL restart not done: ${pg.skipped}.`);
    else {
      if (pg.lost > 0)
        out.push(
          `PostgreSQL restart: ${pg.lost} acknowledged writes are missing afterwards (${pg.lostIds.join(', ')}).`,
        );
      const serverErrors = Object.entries(pg.failureCodes).filter(([k]) => /^5\d\d|INTERNAL_SERVER_ERROR/.test(k));
      for (const [k, n] of serverErrors) {
        out.push(
          `PostgreSQL restart: ${n} writes were answered ${k} (a server error, not a stable code for an unavailable database).`,
        );
      }
      if (pg.firstLeak)
        out.push(`PostgreSQL restart: ${pg.leaks} failed writes leaked internals, e.g. ${pg.firstLeak}.`);
      if (pg.unverified > 0)
        out.push(`PostgreSQL restart: ${pg.unverified} acknowledged writes could not be read back.`);
      if (pg.writesAgainMs === null) out.push('PostgreSQL restart: no write was acknowledged after the restart.');
      if (pg.restartOutput) out.push(`PostgreSQL restart: pg_ctl failed: ${pg.restartOutput}`);
    }
  }
  const b = r.budget;
  if (b) {
    for (const x of b.refusals) {
      if (x.refused < x.sent) out.push(`Limits: "${x.name}" was not refused (${x.statuses}).`);
      else if (x.latency.p99 > 100)
        out.push(`Limits: "${x.name}" refused, but its p99 time to refusal is ${fmt(x.latency.p99)} ms.`);
    }
    const base = b.baseline.latency.p50;
    const abused = b.underAbuse.latency.p50;
    if (b.underAbuse.counts.full === 0) out.push('Limits: the headline query got no full answer while the abuse ran.');
    else if (abused > 2 * base + 5)
      out.push(
        `Limits: the headline query's p50 went from ${fmt(base, 1)} ms to ${fmt(abused, 1)} ms while the abuse ran.`,
      );
  }
  const m = r.memory;
  if (m && m.rssBeforeMb !== null && m.rssSettledMb !== null && m.rssSettledMb - m.rssBeforeMb > 100) {
    out.push(
      `Memory: the gateway's RSS grew from ${fmt(m.rssBeforeMb)} MB to ${fmt(m.rssSettledMb)} MB over the load.`,
    );
  }
  return out;
}

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

function countsTable(title: string, counts: Record<string, number>): string[] {
  const rows = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return [`| ${title} | Answers |`, '| --- | --: |', ...rows.map(([k, n]) => `| ${cell(k)} | ${fmt(n)} |`)];
}

export function renderReliability(r: ReliabilityResults): string {
  const out: string[] = [];
  const m = r.machine;
  const findings = listFindings(r);
  out.push('# Reliability', '');
  out.push(
    `Written by \`${r.command}\` on ${r.date} in ${fmt(r.totalSeconds / 60, 1)} min` +
      (r.quick
        ? ' (**quick run**: fewer operations and shorter phases — for checking the harness, not for conclusions; its ' +
          "connection-attack bounds are below the hub's header and request timeouts)"
        : '') +
      '. Every figure below comes from that one run against the hub as `npm start` runs it; run it again to check them.',
    '',
  );
  out.push(
    `**Machine:** ${m.cpu}, ${m.cores} cores, ${fmt(m.ramGiB)} GiB RAM, Node ${m.node}, ${m.os}. ` +
      `Load average ${m.loadBefore.map((l) => fmt(l, 2)).join(' / ')} (1/5/15 min) before the run, ` +
      `${m.loadAfter.map((l) => fmt(l, 2)).join(' / ')} after.`,
    '',
  );
  const env = Object.entries(r.hub.env).map(([k, v]) => `\`${k}=${v}\``);
  out.push(
    `**Hub:** \`scripts/start.ts\` (what \`npm start\` runs, after its explorer build) with a temporary data folder, free ports ` +
      `on 127.0.0.1 and a JWT_SECRET of the run${env.length ? `, plus ${env.join(', ')}` : ''}; ready (headline query answered in full) ` +
      `after ${fmt(r.hub.startSeconds, 1)} s` +
      (r.hub.stopSeconds !== undefined ? `; stopped (SIGTERM to the launcher) in ${fmt(r.hub.stopSeconds, 1)} s` : '') +
      '. The response cache is off because it would answer repeated reads without the subgraphs and hide the ' +
      "faults; the rate limit is off because all of the run's load comes from one address. Both have tests of " +
      'their own (`tests/integration/response-cache.test.ts`, `tests/integration/rate-limit.test.ts`).',
    '',
  );
  out.push('| Service | Port | pid |', '| --- | --: | --: |');
  for (const p of r.hub.processes) out.push(`| ${p.service} | ${p.port} | ${p.pid ?? '–'} |`);
  out.push('');

  out.push('## Findings', '');
  if (findings.length === 0)
    out.push('None: no 5xx, no leak, no hang, no lost acknowledged write, every expectation met.', '');
  else out.push(...findings.map((f) => `- ${f}`), '');

  if (r.hostile) {
    const h = r.hostile;
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
  if (r.fuzz) {
    const f = r.fuzz;
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
        out.push(
          `- ${cell(x.problem)} (HTTP ${x.status ?? '–'}):`,
          '',
          '  ```graphql',
          `  ${x.operation}`,
          '  ```',
          '',
        );
        out.push(`  variables \`${cell(x.variables)}\`; answer \`${cell(x.answer).replace(/`/g, "'")}\``, '');
      }
    }
  }
  if (r.kills) {
    out.push('## kill -9 of each subgraph under read load', '');
    out.push(
      '| Subgraph | pid → new pid | Answers | Full | Partial | Errors | 429 | Listening again | Full answers again |',
      '| --- | --- | --: | --: | --: | --: | --: | --: | --: |',
    );
    for (const k of r.kills) {
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
  if (r.stop) {
    const s = r.stop;
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
  if (r.postgres) {
    const p = r.postgres;
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
  if (r.budget) {
    const b = r.budget;
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
  if (r.memory) {
    const x = r.memory;
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
  return out.join('\n');
}
