export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures (timeouts, refused or reset connections) that open the breaker; 0: never opens. */
  failureThreshold: number;
  /** Pause between two probes while open. */
  probeIntervalMs: number;
  /** A cheap request to the subgraph (its /health); resolves true when it answered. */
  probe: () => Promise<boolean>;
  /** Every change of state, for the log (and anyone who counts them). */
  onStateChange?: (state: BreakerState, previous: BreakerState) => void;
}

export interface BreakerStats {
  state: BreakerState;
  consecutiveFailures: number;
  /** How often it opened since the gateway started. */
  opened: number;
  /** Calls failed fast without going to the subgraph. */
  rejected: number;
  /** Probes sent while open. */
  probes: number;
}

/**
 * A circuit breaker for one subgraph. Closed: every call goes out; `failureThreshold` failures
 * in a row open it. Open: calls are refused at once (the caller answers SUBGRAPH_UNAVAILABLE
 * without touching the network) and a probe runs every `probeIntervalMs` in the background.
 * When a probe succeeds the breaker turns half-open: exactly one real call goes out as a trial
 * (the others are still refused while it runs); its success closes the breaker, its failure
 * opens it again. Half-open rather than closed straight away because /health answering does not
 * prove the GraphQL endpoint does (a subgraph whose resolvers hang still answers /health), and
 * closing at once would let every waiting request pay the full timeout again.
 *
 * Only whether the subgraph answers counts: a GraphQL error in a 200 answer is a success here.
 */
export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private failures = 0;
  private trialInFlight = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly counters = { opened: 0, rejected: 0, probes: 0 };

  constructor(private readonly options: CircuitBreakerOptions) {}

  get state(): BreakerState {
    return this.current;
  }

  /** Whether a call may go out now. False counts as a rejected (failed fast) call. */
  allow(): boolean {
    if (this.current === 'closed') return true;
    if (this.current === 'half-open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return true;
    }
    this.counters.rejected += 1;
    return false;
  }

  /** The subgraph answered (whatever the answer said). */
  succeeded(): void {
    this.failures = 0;
    if (this.current !== 'closed') this.change('closed');
  }

  /** The subgraph did not answer: timeout, connection refused or reset, 502/503/504. */
  failed(): void {
    if (this.current === 'open') return;
    if (this.current === 'half-open') {
      this.open();
      return;
    }
    this.failures += 1;
    if (this.options.failureThreshold > 0 && this.failures >= this.options.failureThreshold) this.open();
  }

  stats(): BreakerStats {
    return { state: this.current, consecutiveFailures: this.failures, ...this.counters };
  }

  /** Ends the probes (the gateway stops); the state stays as it is. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private open(): void {
    this.counters.opened += 1;
    this.change('open');
    this.scheduleProbe();
  }

  private change(state: BreakerState): void {
    const previous = this.current;
    this.current = state;
    this.trialInFlight = false;
    if (state !== 'open') clearTimeout(this.timer);
    this.options.onStateChange?.(state, previous);
  }

  private scheduleProbe(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.runProbe(), this.options.probeIntervalMs);
    // The probe must never be what keeps a stopping process alive.
    this.timer.unref();
  }

  private async runProbe(): Promise<void> {
    this.counters.probes += 1;
    const answered = await this.options.probe().catch(() => false);
    if (this.stopped || this.current !== 'open') return;
    if (answered) this.change('half-open');
    else this.scheduleProbe();
  }
}
