/**
 * Who is that process, and who listens on that port? Used to explain (and clean up after) a hub
 * that was killed: a PostgreSQL it left running, a server still holding a port. Linux answers
 * from /proc; elsewhere `ps` and `lsof` are asked, and when neither answers the caller gets
 * `undefined` and says less.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** The command line, arguments separated by spaces. */
  command: string;
  /** The arguments as given (from /proc only; split on spaces from `ps`). */
  argv: string[];
}

const HAS_PROC = existsSync('/proc/self/stat');

/** True while the process exists and has not ended (a zombie waiting for its parent counts as ended). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return processState(pid) !== 'Z';
}

function processState(pid: number): string | undefined {
  if (HAS_PROC) {
    const stat = readText(`/proc/${pid}/stat`);
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
    return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  }
  return runQuietly('ps', ['-o', 'stat=', '-p', String(pid)])
    ?.trim()
    .charAt(0);
}

export function processInfo(pid: number): ProcessInfo | undefined {
  if (HAS_PROC) {
    const stat = readText(`/proc/${pid}/stat`);
    const cmdline = readText(`/proc/${pid}/cmdline`);
    if (stat === undefined || cmdline === undefined) return undefined;
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const argv = cmdline.split('\0').filter((part) => part !== '');
    return { pid, ppid, argv, command: argv.join(' ') };
  }
  const line = runQuietly('ps', ['-o', 'ppid=,args=', '-p', String(pid)])?.trim();
  const match = line ? /^(\d+)\s+(.*)$/.exec(line) : null;
  if (!match?.[1] || match[2] === undefined) return undefined;
  return { pid, ppid: Number(match[1]), command: match[2], argv: match[2].split(/\s+/) };
}

/** Inodes of the sockets in LISTEN state on `port`, from the text of /proc/net/tcp or tcp6. */
export function listeningInodes(procNetTcp: string, port: number): string[] {
  const inodes: string[] = [];
  for (const row of procNetTcp.split('\n').slice(1)) {
    const cols = row.trim().split(/\s+/);
    const local = cols[1];
    // st 0A is LISTEN; the port is the hex number after the colon of the local address.
    if (local && cols[3] === '0A' && parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port) {
      if (cols[9] && cols[9] !== '0') inodes.push(cols[9]);
    }
  }
  return inodes;
}

/** The pid of a process listening on this TCP port (any address), if it can be found out. */
export function listeningPid(port: number): number | undefined {
  if (!HAS_PROC) {
    const out = runQuietly('lsof', ['-nP', '-t', `-iTCP:${port}`, '-sTCP:LISTEN']);
    const pid = Number(out?.trim().split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }
  const inodes = new Set(
    ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
      listeningInodes(readText(table) ?? '', port).map((inode) => `socket:[${inode}]`),
    ),
  );
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone meanwhile, or not ours to look at
    }
    for (const fd of fds) {
      try {
        if (inodes.has(readlinkSync(`/proc/${entry}/fd/${fd}`))) return Number(entry);
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

/** "pid 123 (node --import tsx subgraphs/federal/main.ts)", shortened for a log line. */
export function describeProcess(pid: number): string {
  const info = processInfo(pid);
  if (!info) return `pid ${pid}`;
  const flat = info.command.replace(/\s+/g, ' ');
  const command = flat.length > 120 ? `${flat.slice(0, 117)}…` : flat;
  return `pid ${pid} (${command})`;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function runQuietly(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}
