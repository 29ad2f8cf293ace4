import { fmt } from './format';
import type { ReliabilityResults } from './results';

/** Every finding of the run, in plain words: a 5xx, a leak, a hang, a lost write, an expectation not met. */
export function listFindings(r: ReliabilityResults): string[] {
  const out: string[] = [];
  for (const p of r.phaseErrors) out.push(`The phase "${p.phase}" did not complete: ${p.message}`);
  hostileFindings(r, out);
  fuzzFindings(r, out);
  killFindings(r, out);
  stopFindings(r, out);
  postgresFindings(r, out);
  budgetFindings(r, out);
  memoryFindings(r, out);
  return out;
}

function hostileFindings(r: ReliabilityResults, out: string[]): void {
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
}

function fuzzFindings(r: ReliabilityResults, out: string[]): void {
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
}

function killFindings(r: ReliabilityResults, out: string[]): void {
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
}

function stopFindings(r: ReliabilityResults, out: string[]): void {
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
}

function postgresFindings(r: ReliabilityResults, out: string[]): void {
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
}

function budgetFindings(r: ReliabilityResults, out: string[]): void {
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
}

function memoryFindings(r: ReliabilityResults, out: string[]): void {
  const m = r.memory;
  if (m && m.rssBeforeMb !== null && m.rssSettledMb !== null && m.rssSettledMb - m.rssBeforeMb > 100) {
    out.push(
      `Memory: the gateway's RSS grew from ${fmt(m.rssBeforeMb)} MB to ${fmt(m.rssSettledMb)} MB over the load.`,
    );
  }
}
