/**
 * One supervised service of `npm start`: a child process (`node --import tsx <entry>`), its output
 * prefixed with its name, restarted with exponential backoff when it exits unexpectedly, stopped
 * with SIGTERM (SIGKILL when it does not end in time).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../../schema/registry';
import { SUPERVISED_ENV } from '../../subgraphs/shared/platform/parent-watch';

export interface ServiceSpec {
  name: string;
  /** The entry point, relative to the repository root. */
  entry: string;
  env: NodeJS.ProcessEnv;
  /** A line of its output that says it answers (the URL line every service prints). */
  readyLine?: RegExp;
  /** Or an IPC message of this type (the database service sends its URL that way). */
  readyMessage?: string;
}

export interface BackoffOptions {
  /** Delay before the first restart; doubled for each further crash in a row. */
  initialMs: number;
  maxMs: number;
  /** A run this long after becoming ready counts as stable: the next crash starts at initialMs again. */
  stableMs: number;
}

export interface SupervisorOptions {
  /** Where the launcher's own lines go (restarts, exits). */
  log: (line: string) => void;
  /** Where the service's prefixed output goes. */
  out?: (line: string) => void;
  err?: (line: string) => void;
  /** Width of the name column of the prefix. */
  prefixWidth?: number;
  backoff?: Partial<BackoffOptions>;
  /** Longest wait for a stop (SIGTERM) before SIGKILL. */
  stopTimeoutMs?: number;
}

export interface Readiness {
  pid: number;
  /** The match of readyLine, when the service became ready by a line. */
  line?: RegExpMatchArray;
  /** The IPC message, when it became ready by one. */
  message?: unknown;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, stableMs: 30_000 };

export class SupervisedService {
  readonly name: string;
  /** Completed restarts. */
  restarts = 0;
  private child: ChildProcess | undefined;
  private stopping = false;
  private crashesInARow = 0;
  private readyAt: number | undefined;
  private exitedAt: number | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private everReady = false;
  private firstStart: { resolve: (r: Readiness) => void; reject: (e: Error) => void } | undefined;
  private readonly lineWatchers = new Set<(line: string) => void>();
  private readonly backoff: BackoffOptions;
  private readonly prefix: string;

  constructor(
    private readonly spec: ServiceSpec,
    private readonly options: SupervisorOptions,
  ) {
    this.name = spec.name;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.prefix = `${spec.name.padEnd(options.prefixWidth ?? spec.name.length)} | `;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the service and resolves once it is ready; rejects when it exits before that. */
  start(): Promise<Readiness> {
    return new Promise((resolve, reject) => {
      this.firstStart = { resolve, reject };
      this.spawnOnce();
    });
  }

  /** Resolves with the first line of the service's output (from now on) that matches. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray | undefined> {
    return new Promise((resolve) => {
      const watcher = (line: string) => {
        const match = line.match(pattern);
        if (match) finish(match);
      };
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      const finish = (match: RegExpMatchArray | undefined) => {
        clearTimeout(timer);
        this.lineWatchers.delete(watcher);
        resolve(match);
      };
      this.lineWatchers.add(watcher);
    });
  }

  /** SIGTERM, then SIGKILL (of its whole process group) when it has not ended in time. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timeoutMs = this.options.stopTimeoutMs ?? 20_000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    if ((await Promise.race([exited, late])) === 'late') {
      this.options.log(`${this.name} did not stop within ${timeoutMs / 1000} s; killing it`);
      killGroup(child, 'SIGKILL');
      await exited;
    }
    clearTimeout(timer);
  }

  private spawnOnce(): void {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, this.spec.entry)], {
      cwd: REPO_ROOT,
      env: { ...this.spec.env, [SUPERVISED_ENV]: '1' },
      // The IPC channel closes when the launcher ends however it ends: the child's parent watch.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Its own process group: Ctrl-C reaches the launcher only, which stops the services in order.
      detached: true,
    });
    this.child = child;
    this.readyAt = undefined;
    const onLine = (write: (line: string) => void) => (line: string) => {
      if (line.trim() === '') return; // the blank lines services print for a terminal of their own
      write(`${this.prefix}${line}`);
      for (const watcher of this.lineWatchers) watcher(line);
      const match = this.spec.readyLine ? line.match(this.spec.readyLine) : null;
      if (match) this.becameReady(child, { line: match });
    };
    if (child.stdout) createInterface({ input: child.stdout }).on('line', onLine(this.options.out ?? console.log));
    if (child.stderr) createInterface({ input: child.stderr }).on('line', onLine(this.options.err ?? console.error));
    child.on('message', (message: unknown) => {
      const type = typeof message === 'object' && message !== null && 'type' in message ? message.type : undefined;
      if (this.spec.readyMessage !== undefined && type === this.spec.readyMessage) this.becameReady(child, { message });
    });
    child.on('error', (error) => this.options.log(`${this.name}: ${error.message}`));
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
  }

  private becameReady(child: ChildProcess, how: { line?: RegExpMatchArray; message?: unknown }): void {
    if (this.child !== child || this.readyAt !== undefined || child.pid === undefined) return;
    this.readyAt = Date.now();
    if (!this.everReady) {
      this.everReady = true;
      this.firstStart?.resolve({ pid: child.pid, ...how });
      this.firstStart = undefined;
    } else {
      this.restarts += 1;
      const after =
        this.exitedAt === undefined ? '' : `, ${((this.readyAt - this.exitedAt) / 1000).toFixed(1)} s after it exited`;
      this.options.log(`${this.name} is back (pid ${child.pid}${after})`);
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child || this.stopping) return;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (!this.everReady) {
      // It never came up (port taken, bad configuration): restarting would only repeat that.
      this.firstStart?.reject(new Error(`${this.name} exited before it was ready (${how}); see its output above`));
      this.firstStart = undefined;
      return;
    }
    const now = Date.now();
    if (this.readyAt !== undefined && now - this.readyAt >= this.backoff.stableMs) this.crashesInARow = 0;
    const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** this.crashesInARow);
    this.crashesInARow += 1;
    // Restart time counts from the crash of a run that was ready, across failed attempts.
    if (this.readyAt !== undefined) this.exitedAt = now;
    this.options.log(
      `${this.name} (pid ${child.pid}) exited unexpectedly (${how}); restarting in ${(delay / 1000).toFixed(1)} s`,
    );
    this.restartTimer = setTimeout(() => {
      if (!this.stopping) this.spawnOnce();
    }, delay);
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    // Negative pid: the whole group (a gateway's cluster workers, the database's PostgreSQL).
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}
