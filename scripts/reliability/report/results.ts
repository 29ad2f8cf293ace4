/** What one run of `npm run reliability` found, phase by phase: the input of the report. */
import type { BudgetResult } from '../budget';
import type { KillResult, StopResult } from '../faults';
import type { FuzzResult } from '../fuzz';
import type { HostileResult } from '../hostile/run';
import type { MemoryResult } from '../memory';
import type { WriteLoopResult } from '../postgres-restart';

export interface ReliabilityResults {
  date: string;
  command: string;
  quick: boolean;
  totalSeconds: number;
  machine: {
    cpu: string;
    cores: number;
    ramGiB: number;
    node: string;
    os: string;
    loadBefore: number[];
    loadAfter: number[];
  };
  hub: {
    startSeconds: number;
    /** Service → pid and port, as found on the ports after start. */
    processes: { service: string; port: number; pid: number | null }[];
    /** Settings the run gave the hub beyond the ports and folders. */
    env: Record<string, string>;
    /** From SIGTERM to the launcher until everything had exited, s; whether a SIGKILL was needed. */
    stopSeconds?: number;
  };
  hostile?: HostileResult[];
  fuzz?: FuzzResult;
  kills?: KillResult[];
  stop?: StopResult;
  postgres?: WriteLoopResult;
  budget?: BudgetResult;
  memory?: MemoryResult;
  /** Phases that could not be run to the end, with the reason. */
  phaseErrors: { phase: string; message: string }[];
}
