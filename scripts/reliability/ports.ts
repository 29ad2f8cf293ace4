/**
 * Which process listens on a port, from /proc (the socket's inode in /proc/net/tcp{,6}, then the
 * process whose fd points at it): the run finds each service's pid whatever the launcher prints.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Inodes of the sockets in LISTEN state (st 0A) on `port`, from the text of /proc/net/tcp or tcp6. */
export function listeningInodes(procNetTcp: string, port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes: string[] = [];
  for (const line of procNetTcp.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    if (!local || fields[3] !== '0A') continue;
    if (local.slice(local.lastIndexOf(':') + 1) === hexPort && fields[9] && fields[9] !== '0') inodes.push(fields[9]);
  }
  return inodes;
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The pid listening on `port` on this machine, or null when nothing listens. */
export function pidListeningOn(port: number): number | null {
  const inodes = new Set([
    ...listeningInodes(read('/proc/net/tcp'), port),
    ...listeningInodes(read('/proc/net/tcp6'), port),
  ]);
  if (inodes.size === 0) return null;
  const wanted = new Set([...inodes].map((i) => `socket:[${i}]`));
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (wanted.has(readlinkSync(`/proc/${entry}/fd/${fd}`))) return Number(entry);
      } catch {
        // Closed while we looked.
      }
    }
  }
  return null;
}

/** Resident memory of a process now (VmRSS), MB; null when it is gone. */
export function rssMb(pid: number): number | null {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(read(`/proc/${pid}/status`));
  return match?.[1] ? Number(match[1]) / 1024 : null;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
