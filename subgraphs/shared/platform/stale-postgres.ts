/**
 * Before the embedded PostgreSQL starts: clears what a killed hub left behind in its data folder.
 * A `kill -9` of the process that owned the server leaves PostgreSQL running on its own (parent
 * 1), or leaves a postmaster.pid naming a process that is gone. Without this the next start fails
 * with nothing but "the server exited".
 */
import { readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { describeProcess, isRunning, listeningPid, processInfo } from './process-info';

export interface StalePostgresOptions {
  dataDir: string;
  port: number;
  log?: ((line: string) => void) | undefined;
  /** Longest wait for a PostgreSQL to stop (ours after SIGINT, or one whose owner is stopping it). */
  stopTimeoutMs?: number;
}

/**
 * - postmaster.pid names a process that is gone (or is no PostgreSQL): the file is removed.
 * - It names a PostgreSQL of this folder that nobody owns any more (its parent is init, the hub
 *   that started it was killed): it is stopped with a fast shutdown (SIGINT) and awaited.
 * - It names one that a live hub process runs: waited for (a hub whose launcher was killed is
 *   stopping it), then refused with a message naming that process.
 * Finally the port must be free; if not, the message names the process holding it.
 */
export async function clearStalePostgres(options: StalePostgresOptions): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = path.resolve(options.dataDir);
  const timeoutMs = options.stopTimeoutMs ?? 30_000;
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const lines = (await readFile(pidFile, 'utf8').catch(() => '')).split('\n');
  const pid = Number(lines[0]);

  if (Number.isInteger(pid) && pid > 0) {
    const info = isRunning(pid) ? processInfo(pid) : undefined;
    const isOurPostgres =
      info !== undefined &&
      /postgres/.test(path.basename(info.argv[0] ?? '')) &&
      (info.argv.includes(dataDir) || path.resolve(lines[1] ?? '') === dataDir);
    if (!info || !isOurPostgres) {
      log(`PostgreSQL: removing the stale ${pidFile} (pid ${pid} ${info ? 'is no PostgreSQL' : 'no longer runs'})`);
      await rm(pidFile, { force: true });
    } else {
      const owner = info.ppid > 1 ? processInfo(info.ppid) : undefined;
      if (owner && /node|tsx/.test(owner.command)) {
        log(
          `PostgreSQL: pid ${pid} in ${dataDir} is still run by ${describeProcess(owner.pid)}; waiting for it to stop…`,
        );
        if (!(await waitUntilGone(pid, timeoutMs))) {
          throw new Error(
            `The embedded PostgreSQL in ${dataDir} (pid ${pid}) is run by ${describeProcess(owner.pid)}: ` +
              'is another hub using this data folder? Stop it, or set PGDATA_DIR or DATABASE_URL.',
          );
        }
      } else {
        log(
          `PostgreSQL: pid ${pid} was left running in ${dataDir} by an earlier hub that was killed; ` +
            'stopping it (fast shutdown)…',
        );
        process.kill(pid, 'SIGINT');
        if (!(await waitUntilGone(pid, timeoutMs))) {
          throw new Error(
            `The PostgreSQL left running in ${dataDir} (pid ${pid}) did not stop within ${timeoutMs / 1000} s; ` +
              `stop it by hand (kill ${pid}) and start again.`,
          );
        }
        log(`PostgreSQL: pid ${pid} stopped`);
      }
    }
  }

  if (await portOpen(options.port)) {
    const holder = listeningPid(options.port);
    throw new Error(
      `Port ${options.port} for the embedded PostgreSQL is in use${holder ? ` by ${describeProcess(holder)}` : ''}. ` +
        'Stop that process, or set EMBEDDED_PG_PORT (or DATABASE_URL).',
    );
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** Whether something accepts connections on 127.0.0.1:port. */
export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
