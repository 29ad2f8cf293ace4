/**
 * Which process listens on a port and how much memory it holds: the run finds each service's pid
 * from /proc (subgraphs/shared/platform/process-info.ts), whatever the launcher prints.
 */
import { readFileSync } from 'node:fs';
import { isRunning, listeningPid } from '../../subgraphs/shared/platform/process-info';

/** The pid listening on `port` on this machine, or null when nothing listens. */
export function pidListeningOn(port: number): number | null {
  return listeningPid(port) ?? null;
}

/** Resident memory of a process now (VmRSS), MB; null when it is gone. */
export function rssMb(pid: number): number | null {
  let status = '';
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return match?.[1] ? Number(match[1]) / 1024 : null;
}

export function alive(pid: number): boolean {
  return isRunning(pid);
}
