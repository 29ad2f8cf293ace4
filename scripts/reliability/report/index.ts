/** RELIABILITY.md from the results of one run: pure, so the unit test renders a fixed result. */
import { listFindings } from './findings';
import { fmt } from './format';
import type { ReliabilityResults } from './results';
import {
  budgetSection,
  fuzzSection,
  hostileSection,
  killsSection,
  memorySection,
  postgresSection,
  stopSection,
} from './sections';

export { listFindings } from './findings';
export type { ReliabilityResults } from './results';

export function renderReliability(r: ReliabilityResults): string {
  const out = header(r);
  const findings = listFindings(r);
  out.push('## Findings', '');
  if (findings.length === 0)
    out.push('None: no 5xx, no leak, no hang, no lost acknowledged write, every expectation met.', '');
  else out.push(...findings.map((f) => `- ${f}`), '');
  if (r.hostile) hostileSection(r.hostile, out);
  if (r.fuzz) fuzzSection(r.fuzz, out);
  if (r.kills) killsSection(r.kills, out);
  if (r.stop) stopSection(r.stop, out);
  if (r.postgres) postgresSection(r.postgres, out);
  if (r.budget) budgetSection(r.budget, out);
  if (r.memory) memorySection(r.memory, out);
  return out.join('\n');
}

/** The title, how the run was made, the machine and the hub's processes. */
function header(r: ReliabilityResults): string[] {
  const out: string[] = [];
  const m = r.machine;
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
  return out;
}
