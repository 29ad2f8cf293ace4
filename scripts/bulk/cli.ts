/** What `npm run import` and `npm run export` share: exit codes, output streams, the entry point. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HubError } from './client';
import { UsageError } from './kinds';

/** Exit codes of both tools (docs/IMPORT-EXPORT.md). */
export const EXIT = {
  /** Done: imported, exported, or a clean dry run. */
  OK: 0,
  /** The file has problems (listed on stderr); nothing was written. */
  PROBLEMS: 1,
  /** Wrong arguments, or the file cannot be read. */
  USAGE: 2,
  /** The hub could not be reached or refused the request (token, size, outage). */
  HUB: 3,
  /** Anything unexpected (a bug: please report it with the output). */
  INTERNAL: 4,
} as const;

/** Where a tool writes; tests and the real CLI pass different ones. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (the progress bar is shown only then). */
  stderrIsTTY: boolean;
  stderrStream: NodeJS.WritableStream;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  stderrStream: process.stderr,
};

/**
 * The options every client tool takes (parseArgs), spread into each tool's own: where the hub is,
 * the token, the file format, no progress output, and help.
 */
export const CLIENT_OPTIONS = {
  format: { type: 'string' },
  url: { type: 'string' },
  token: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

/** A tool's arguments: the common client options plus its own (`node:util` parseArgs, strict). */
export function parseClientArgs<const O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  return parseArgs({ args: argv, options: { ...CLIENT_OPTIONS, ...options } });
}

/** Connection options both tools take: --url or HUB_URL, --token or HUB_TOKEN. */
export function connection(
  values: { url?: string | undefined; token?: string | undefined },
  env: NodeJS.ProcessEnv,
  defaultUrl: string,
): { url: string; token: string | undefined } {
  const url = values.url ?? env['HUB_URL'] ?? defaultUrl;
  try {
    new URL(url);
  } catch {
    throw new UsageError(`--url "${url}" is not a URL`);
  }
  const token = (values.token ?? env['HUB_TOKEN'] ?? '').trim();
  return { url, token: token || undefined };
}

/** Runs a tool's main function and exits with its code; usage and hub errors become messages. */
export function runMain(main: () => Promise<number>, usage: string): void {
  main()
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      if (error instanceof UsageError || isParseArgsError(error)) {
        process.stderr.write(`${(error as Error).message}\n\n${usage}`);
        process.exitCode = EXIT.USAGE;
      } else if (error instanceof HubError) {
        process.stderr.write(`${error.message}\n`);
        process.exitCode = EXIT.HUB;
      } else {
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = EXIT.INTERNAL;
      }
    });
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
