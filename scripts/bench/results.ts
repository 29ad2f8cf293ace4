/**
 * What one benchmark run found: the rows per size, the machine, the start-up times, and the
 * verdicts judged from them; the number formats the report and the verdicts share.
 */
import type { RunResult } from './stats';

export type QueryName = 'headline' | 'wide';

/** Who answered: our gateway in its configurations, Hive Gateway, or the subgraphs alone. */
export type TargetName = 'ours' | 'floor' | 'hive' | 'ours-cached' | 'ours-workers2' | 'ours-single' | 'floor-single';

export const TARGET_LABELS: Record<TargetName, string> = {
  ours: 'our gateway (response cache off)',
  floor: 'floor: subgraphs alone, no gateway',
  hive: 'Hive Gateway',
  'ours-cached': 'our gateway, response cache on',
  'ours-workers2': 'our gateway, GATEWAY_WORKERS=2 (cache off)',
  'ours-single': 'our gateway (cache off), 1 connection',
  'floor-single': 'floor, 1 connection',
};

export interface Row {
  target: TargetName;
  query: QueryName;
  result: RunResult;
}

export interface SizeResult {
  regional: number;
  federal: number;
  label: string;
  seedSeconds: number;
  /** Null when the wide query did not run at this size (nor the refresh it needs). */
  analyticsSyncSeconds: number | null;
  /** SQL statements of one query sent alone (no concurrency, nothing shared or cached). */
  isolatedSql: Partial<Record<QueryName, number>>;
  /** Size of one answer, kB. */
  answerKb: Partial<Record<QueryName, number>>;
  /** The subgraph calls the floor replays, as "a → (b ‖ c)". */
  floorPlans: Partial<Record<QueryName, string>>;
  /** The machine's 1-minute load average before and after this size's runs. */
  loadAverage: [number, number];
  rows: Row[];
}

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  postgres: string;
  os: string;
}

export interface StartupResult {
  freshWallSeconds: number;
  freshHubSeconds: number;
  againWallSeconds: number | null;
  againHubSeconds: number | null;
  /** The explorer and dashboard were built before (a first start in a fresh clone builds them). */
  webBuilt: boolean;
}

export interface BenchResults {
  date: string;
  quick: boolean;
  machine: Machine;
  settings: { connections: number; wideConnections: number; seconds: number; warmupSeconds: number };
  hiveVersion: string;
  /** Seconds a first install of Hive Gateway took during this run (0 when it was there already). */
  hiveInstallSeconds: number;
  startup: StartupResult;
  /** The size the ratio targets are judged at (the README's 50 000, or the only one in --quick). */
  headlineSize: number;
  sizes: SizeResult[];
  totalSeconds: number;
  command: string;
}

export interface TargetVerdict {
  target: string;
  met: boolean;
  measured: string;
  /** Why a missed target was missed, from the numbers. */
  why?: string;
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
export const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US').replace(/,/g, ' ') : '–');
/** Requests per second: whole numbers, one decimal below 100 (a wide query runs a few per second). */
export const rate = (n: number) => (Number.isFinite(n) && n < 100 ? n.toFixed(1) : int(n));

export function findRow(size: SizeResult | undefined, target: TargetName, query: QueryName): RunResult | undefined {
  return size?.rows.find((r) => r.target === target && r.query === query)?.result;
}
