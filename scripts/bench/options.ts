/** Command line of `npm run bench` (see scripts/bench/main.ts). */
export interface BenchOptions {
  quick: boolean;
  /** Regional measures generated per catalogue size; federal ones are a hundredth of that. */
  sizes: number[];
  /** The size the ratio targets are judged at. */
  headlineSize: number;
  /** Concurrent connections for the headline query. */
  connections: number;
  /**
   * Concurrent connections for the wide analytics query: one answer is hundreds of kB and takes
   * hundreds of ms alone, so ten at once would leave a short run without a single answer.
   */
  wideConnections: number;
  /**
   * The largest size the wide analytics query runs at. It needs the analytics index, which the
   * analytics subgraph fills through the gateway: several minutes at 500 000 measures.
   */
  wideMaxSize: number;
  seconds: number;
  warmupSeconds: number;
  /** Where BENCHMARKS.md goes (relative to the repository). */
  out: string;
}

export const FULL: Omit<BenchOptions, 'out'> = {
  quick: false,
  sizes: [5000, 50_000, 500_000],
  headlineSize: 50_000,
  connections: 10,
  wideConnections: 2,
  wideMaxSize: 50_000,
  seconds: 8,
  warmupSeconds: 2,
};

export const QUICK: Omit<BenchOptions, 'out'> = {
  quick: true,
  sizes: [5000],
  headlineSize: 5000,
  connections: 10,
  wideConnections: 2,
  wideMaxSize: 5000,
  seconds: 3,
  warmupSeconds: 1,
};

function positive(flag: string, raw: string | undefined, allowZero = false): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`${flag} needs a ${allowZero ? 'non-negative' : 'positive'} number, got "${raw ?? ''}"`);
  }
  return value;
}

/** `--quick`, `--sizes 5000,50000`, `--seconds 8`, `--warmup 2`, `--connections 10`, `--wide-connections 2`, `--wide-max 50000`, `--out FILE`. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const options: BenchOptions = {
    ...(quick ? QUICK : FULL),
    sizes: [...(quick ? QUICK : FULL).sizes],
    out: 'BENCHMARKS.md',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case '--quick':
        continue;
      case '--sizes':
        options.sizes = (value ?? '').split(',').map((s) => positive('--sizes', s.trim()));
        break;
      case '--seconds':
        options.seconds = positive(flag, value);
        break;
      case '--warmup':
        options.warmupSeconds = positive(flag, value, true);
        break;
      case '--connections':
        options.connections = positive(flag, value);
        break;
      case '--wide-max':
        options.wideMaxSize = positive(flag, value);
        break;
      case '--wide-connections':
        options.wideConnections = positive(flag, value);
        break;
      case '--out':
        if (!value) throw new Error('--out needs a file name');
        options.out = value;
        break;
      default:
        throw new Error(
          `unknown option ${flag} (known: --quick --sizes --seconds --warmup --connections --wide-connections --wide-max --out)`,
        );
    }
    i += 1;
  }
  if (!options.sizes.includes(options.headlineSize)) {
    options.headlineSize = options.sizes.reduce((a, b) => (Math.abs(b - 50_000) < Math.abs(a - 50_000) ? b : a));
  }
  return options;
}
