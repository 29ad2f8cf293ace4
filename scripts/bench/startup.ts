/**
 * `npm start` to ready: spawns `npm start` exactly as a developer runs it (its prestart builds the
 * explorer and the dashboard, then the embedded PostgreSQL, migrations, seed, subgraphs, gateway and
 * the first analytics refresh) on free ports with a fresh data folder, and times it until the
 * "Integration hub ready" line. Then Ctrl-C (SIGINT to its process group), and once more with the
 * same folder: a second start finds the database already there.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readRegistry, REPO_ROOT } from '../../schema/registry';
import { freePort } from './processes';

export interface StartTiming {
  /** From spawning `npm start` to the ready line, seconds. */
  wallSeconds: number;
  /** What the hub itself prints ("ready in 7.7 s"): from its first line of code, without npm and the web build. */
  hubSeconds: number;
}

export interface StartupMeasurement {
  fresh: StartTiming;
  again: StartTiming | null;
  /** Whether web/dist was built already (its prestart then skips the build, as on every start after the first). */
  webBuilt: boolean;
}

async function startOnce(dataDir: string): Promise<StartTiming> {
  const env: Record<string, string> = {
    DATABASE_URL: '',
    PGDATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
    PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  };
  for (const entry of readRegistry()) env[`${entry.name.toUpperCase()}_PORT`] = String(await freePort());
  const started = performance.now();
  // Its own process group, so that SIGINT reaches npm, the hub and PostgreSQL as Ctrl-C would.
  const child = spawn('npm', ['start'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn npm start');
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const hubSeconds = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start: not ready within 120 s:\n${output}`)), 120_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Integration hub ready in ([\d.]+) s/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited (${code}) before it was ready:\n${output}`));
      });
    });
    return { wallSeconds: (performance.now() - started) / 1000, hubSeconds };
  } finally {
    await stopGroup(pid, exited);
  }
}

/** Whether any process of the group is still there. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Ctrl-C to the whole group (npm, the hub, PostgreSQL); SIGKILL to what is left after 15 s. */
async function stopGroup(pgid: number, exited: Promise<void>): Promise<void> {
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGINT');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  for (let i = 0; i < 150 && groupAlive(pgid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
}

export async function measureStartup(withSecondStart: boolean): Promise<StartupMeasurement> {
  const folder = mkdtempSync(path.join(tmpdir(), 'hub-bench-start-'));
  const webBuilt = existsSync(path.join(REPO_ROOT, 'web', 'dist', 'explorer.html'));
  try {
    const dataDir = path.join(folder, 'postgres');
    const fresh = await startOnce(dataDir);
    const again = withSecondStart ? await startOnce(dataDir) : null;
    return { fresh, again, webBuilt };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
