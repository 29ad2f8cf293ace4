/** Command line and phase settings of `npm run reliability` (see scripts/reliability/main.ts). */

export const PHASES = ['hostile', 'fuzz', 'budget', 'memory', 'kill', 'stop', 'postgres'] as const;
export type Phase = (typeof PHASES)[number];

export interface ReliabilityOptions {
  quick: boolean;
  seed: number;
  out: string;
  phases: Phase[];
  /** Extra environment for the hub (`--env NAME=VALUE`). */
  env: Record<string, string>;
  /** Longest wait for one answer before it counts as a hang. */
  deadlineMs: number;
  fuzzOperations: number;
  fuzzConcurrency: number;
  /** The fuzz stops here even if not every operation was sent (reported as a finding). */
  fuzzMaxSeconds: number;
  /**
   * Bounds of the slow-connection attacks (and of holding idle connections), above the hub's
   * header timeout (10 s) and request timeout (60 s) plus Node's 30 s check interval.
   */
  slowMaxMs: number;
  slowBodyMaxMs: number;
  idleConnections: number;
  fault: { concurrency: number; leadMs: number; maxRecoveryMs: number; settleMs: number };
  stopSubgraph: string;
  stoppedMs: number;
  postgres: { leadMs: number; afterMs: number; concurrency: number };
  budget: { reps: number; seconds: number };
  memory: { seconds: number; connections: number };
}

type Settings = Omit<ReliabilityOptions, 'out' | 'phases' | 'env' | 'seed'>;

export const FULL: Settings = {
  quick: false,
  deadlineMs: 15_000,
  fuzzOperations: 10_000,
  fuzzConcurrency: 6,
  fuzzMaxSeconds: 300,
  slowMaxMs: 45_000,
  slowBodyMaxMs: 95_000,
  idleConnections: 500,
  fault: { concurrency: 4, leadMs: 1500, maxRecoveryMs: 30_000, settleMs: 2000 },
  stopSubgraph: 'federal',
  stoppedMs: 12_000,
  postgres: { leadMs: 3000, afterMs: 8000, concurrency: 2 },
  budget: { reps: 20, seconds: 10 },
  memory: { seconds: 60, connections: 4 },
};

export const QUICK: Settings = {
  ...FULL,
  quick: true,
  deadlineMs: 10_000,
  fuzzOperations: 1000,
  fuzzMaxSeconds: 90,
  slowMaxMs: 12_000,
  slowBodyMaxMs: 12_000,
  idleConnections: 200,
  fault: { concurrency: 4, leadMs: 1000, maxRecoveryMs: 15_000, settleMs: 1500 },
  stoppedMs: 6000,
  postgres: { leadMs: 1500, afterMs: 4000, concurrency: 2 },
  budget: { reps: 5, seconds: 4 },
  memory: { seconds: 10, connections: 4 },
};

/**
 * `--quick`, `--seed N`, `--ops N` (fuzz operations), `--out FILE`, `--phases hostile,fuzz,…`,
 * `--env NAME=VALUE` (repeatable; passed to the hub).
 */
export function parseReliabilityArgs(argv: readonly string[]): ReliabilityOptions {
  const quick = argv.includes('--quick');
  const options: ReliabilityOptions = {
    ...(quick ? QUICK : FULL),
    seed: 20_261_203,
    out: 'RELIABILITY.md',
    phases: [...PHASES],
    // The response cache would answer repeated reads without the subgraphs and hide the faults;
    // the rate limit would answer most of the run's load (all from one address) with 429. Both
    // are tested on their own (tests/integration/response-cache.test.ts, rate-limit.test.ts).
    env: { RESPONSE_CACHE: 'off', RATE_LIMIT: 'off' },
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1] ?? '';
    switch (flag) {
      case '--quick':
        continue;
      case '--seed':
        options.seed = Number(value);
        if (!Number.isInteger(options.seed)) throw new Error(`--seed needs an integer, got "${value}"`);
        break;
      case '--ops':
        options.fuzzOperations = Number(value);
        if (!(options.fuzzOperations > 0)) throw new Error(`--ops needs a positive number, got "${value}"`);
        break;
      case '--out':
        if (!value) throw new Error('--out needs a file name');
        options.out = value;
        break;
      case '--phases': {
        const phases = value.split(',').map((p) => p.trim());
        for (const p of phases)
          if (!(PHASES as readonly string[]).includes(p))
            throw new Error(`--phases: unknown ${p} (known: ${PHASES.join(',')})`);
        options.phases = phases as Phase[];
        break;
      }
      case '--env': {
        const at = value.indexOf('=');
        if (at <= 0) throw new Error(`--env needs NAME=VALUE, got "${value}"`);
        options.env[value.slice(0, at)] = value.slice(at + 1);
        break;
      }
      default:
        throw new Error(`unknown option ${flag} (known: --quick --seed --ops --out --phases --env)`);
    }
    i += 1;
  }
  return options;
}
