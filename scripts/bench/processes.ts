/**
 * Child processes of the benchmark: every gateway and subgraph runs as a process of its own, so
 * its memory can be read from /proc, and each is stopped by its own pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { REPO_ROOT } from '../../schema/registry';

export interface Child {
  name: string;
  pid: number;
  process: ChildProcess;
  /** The last 64 kB of its stdout and stderr. */
  output(): string;
  /** Resolves with the first match in its output; rejects when it exits or time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM (SIGKILL after `graceMs`), and the same for any process it left behind. */
  stop(graceMs?: number): Promise<void>;
}

const KEEP = 64 * 1024;

/** Starts `node <args>` in the repository with extra environment. */
export function spawnNode(name: string, args: readonly string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    // RATE_LIMIT=off: the benchmark is one client sending thousands of requests a second on purpose.
    env: { ...process.env, LOG_LEVEL: 'error', RATE_LIMIT: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${name}: could not start node ${args.join(' ')}`);
  const pid = child.pid;
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-KEEP);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;

  return {
    name,
    pid,
    process: child,
    output: () => output,
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) done(undefined, match);
        };
        const onExit = () => done(new Error(`${name} exited (code ${child.exitCode}) before ${pattern}:\n${output}`));
        const timer = setTimeout(
          () => done(new Error(`${name}: no ${pattern} within ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
        function done(error?: Error, match?: RegExpMatchArray) {
          clearTimeout(timer);
          child.stdout?.off('data', check);
          child.stderr?.off('data', check);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve(match as RegExpMatchArray);
        }
        child.stdout?.on('data', check);
        child.stderr?.on('data', check);
        child.once('exit', onExit);
        check();
      }),
    stop: async (graceMs = 10_000) => {
      const leftBehind = descendants(pid);
      if (running()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => running() && child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      for (const orphan of leftBehind) {
        try {
          process.kill(orphan, 'SIGKILL');
        } catch {
          // Already gone with its parent.
        }
      }
    },
  };
}

/** A TypeScript entry point of this repository, run the way tsx runs it but in one process. */
export function spawnTs(name: string, entry: string, env: Record<string, string>, args: string[] = []): Child {
  return spawnNode(name, ['--import', 'tsx', entry, ...args], env);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Every process below `pid` (cluster workers, a CLI's child), found through /proc. */
export function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …"; comm may contain spaces and parentheses, so split after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const next = [...parentOf].filter(([, ppid]) => frontier.includes(ppid)).map(([p]) => p);
    found.push(...next);
    frontier = next;
  }
  return found;
}

/** A kB value of /proc/<pid>/status ("VmHWM:   123456 kB"), or 0 when the process is gone. */
export function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match?.[1] ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Peak resident memory (VmHWM) of a process and everything below it, in MB. For a cluster this is
 * the sum of each process's own peak: an upper bound of the peak of the whole.
 */
export function peakMemoryMb(pid: number): number {
  return [pid, ...descendants(pid)].reduce((sum, p) => sum + statusKb(p, 'VmHWM'), 0) / 1024;
}

/**
 * Starts the peak over (writing 5 to /proc/<pid>/clear_refs sets VmHWM to the current RSS), so a
 * run's peak is its own and not start-up's. Returns false where the kernel does not allow it; the
 * peak is then the process's lifetime peak.
 */
export function resetPeakMemory(pid: number): boolean {
  let ok = true;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      writeFileSync(`/proc/${p}/clear_refs`, '5');
    } catch {
      ok = false;
    }
  }
  return ok;
}

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system) a process and everything below it have used so far, in ms; a process
 * that has ended counts 0. Read before and after a run, it gives the gateway's CPU cost per answer.
 */
export function cpuMs(pid: number): number {
  let ticks = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      // After "pid (comm) ": state is field 3, utime field 14, stime field 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Ended while we looked.
    }
  }
  return (ticks / TICKS_PER_SECOND) * 1000;
}
