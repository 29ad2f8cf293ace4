import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../schema/registry';

export interface Spawned {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first stdout match, or rejects when the process exits or time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends a signal (unless it has exited) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the exit code once the process has ended by itself. */
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  /**
   * One node process (`node --import tsx entry`) instead of the tsx command, which runs the entry
   * in a second node process: a signal then reaches the entry itself (kill -9 of the launcher).
   */
  direct?: boolean;
}

/** Runs a TypeScript entry point the way `npm run …` does (through tsx), with extra env. */
export function spawnTs(
  entry: string,
  env: Record<string, string>,
  args: string[] = [],
  options: SpawnOptions = {},
): Spawned {
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const [command, commandArgs] = options.direct
    ? [process.execPath, ['--import', 'tsx', entry, ...args]]
    : [tsx, [entry, ...args]];
  const child = spawn(command, commandArgs, {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  return {
    child,
    output: () => output,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const deadline = setTimeout(
          () => finish(new Error(`timed out waiting for ${pattern}; output:\n${output}`)),
          timeoutMs,
        );
        const check = () => {
          const match = output.match(pattern);
          if (match) finish(undefined, match);
        };
        const onExit = () => finish(new Error(`process exited before ${pattern}; output:\n${output}`));
        function finish(error?: Error, match?: RegExpMatchArray) {
          clearTimeout(deadline);
          child.stdout?.off('data', check);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve(match as RegExpMatchArray);
        }
        child.stdout?.on('data', check);
        child.once('exit', onExit);
        check();
      }),
    stop: async (signal = 'SIGINT') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    exited,
  };
}
