import type { DataSource } from 'typeorm';
import { readCatalogue } from './catalogue-reader';
import { analyticsConfigFromEnv, type AnalyticsConfig } from './config';
import { GatewayReadError } from './gateway-client';
import { recordFailure, replaceIndex } from './index-store';

export interface RefreshOutcome {
  ok: boolean;
  durationMs: number;
  /** Of durationMs, the time spent reading through the gateway. */
  readMs?: number;
  items: number;
  /** Why it failed (as `AnalyticsStatus.lastError` says it), when it did. */
  error?: string;
}

export interface SyncStartOptions extends Partial<Omit<AnalyticsConfig, 'gatewayUrl'>> {
  /** Where refreshes and their failures are reported (the server log). */
  log?: (line: string) => void;
}

/** After a failed refresh the next try comes sooner than the interval: 5 s, 10 s, 20 s … */
const FIRST_RETRY_MS = 5000;

/**
 * Keeps the analytics index of one database in step with the catalogue behind the gateway:
 * refreshes on demand, once when started and then every `refreshSeconds`. Refreshes never run at
 * the same time; a refresh asked for while one runs starts when it ends, so whoever asked sees
 * data at least as new as their request.
 */
export class AnalyticsSync {
  private settings: AnalyticsConfig;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RefreshOutcome> | undefined;
  private queued: Promise<RefreshOutcome> | undefined;
  private started = false;
  private failures = 0;

  private log: (line: string) => void = () => undefined;

  constructor(
    private readonly db: DataSource,
    config: AnalyticsConfig = analyticsConfigFromEnv(),
  ) {
    this.settings = config;
  }

  get gatewayUrl(): string {
    return this.config.gatewayUrl;
  }

  /** The configuration in force (environment, then what start() was given). */
  get config(): Readonly<AnalyticsConfig> {
    return this.settings;
  }

  get refreshIntervalSeconds(): number {
    return this.config.refreshSeconds;
  }

  /**
   * Points the sync at a gateway (the hub passes the URL it really listens on), refreshes now
   * and then periodically. Calling it again re-points it and restarts the schedule.
   */
  async start(gatewayUrl?: string, options: SyncStartOptions = {}): Promise<RefreshOutcome> {
    const { log, ...overrides } = options;
    this.settings = { ...this.settings, ...overrides, ...(gatewayUrl ? { gatewayUrl } : {}) };
    if (log) this.log = log;
    this.started = true;
    this.clearTimer();
    const outcome = await this.refresh();
    // refresh() schedules the next run itself once started.
    return outcome;
  }

  /** Stops the schedule and waits for a refresh in flight, so a process can exit cleanly. */
  async stop(): Promise<void> {
    this.started = false;
    this.clearTimer();
    await Promise.allSettled([this.running, this.queued]);
  }

  /** Rebuilds the index now, or right after the refresh that is running. */
  refresh(): Promise<RefreshOutcome> {
    if (!this.running) {
      this.running = this.run().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.refresh();
    });
    return this.queued;
  }

  private async run(): Promise<RefreshOutcome> {
    const startedAt = new Date();
    const { gatewayUrl, timeoutMs, pageSize, concurrency, gatewayToken } = this.config;
    try {
      const snapshot = await readCatalogue(
        { url: gatewayUrl, timeoutMs, token: gatewayToken },
        { pageSize, concurrency },
      );
      const readMs = Date.now() - startedAt.getTime();
      await replaceIndex(this.db, snapshot, startedAt);
      const durationMs = Date.now() - startedAt.getTime();
      this.failures = 0;
      this.log(
        `analytics: index refreshed with ${snapshot.items.length} items in ${durationMs} ms ` +
          `(read through the gateway ${readMs} ms, written ${durationMs - readMs} ms)`,
      );
      return { ok: true, durationMs, readMs, items: snapshot.items.length };
    } catch (error) {
      this.failures += 1;
      const message =
        error instanceof GatewayReadError ? error.message : 'The index could not be written (see the server log)';
      this.log(`analytics: refresh from ${gatewayUrl} failed: ${message} (${describe(error)})`);
      await recordFailure(this.db, message, startedAt).catch((e: unknown) =>
        this.log(`analytics: could not record the failure: ${describe(e)}`),
      );
      return { ok: false, durationMs: Date.now() - startedAt.getTime(), items: 0, error: message };
    } finally {
      this.schedule();
    }
  }

  private schedule(): void {
    this.clearTimer();
    if (!this.started || this.config.refreshSeconds <= 0) return;
    const interval = this.config.refreshSeconds * 1000;
    const delay = this.failures > 0 ? Math.min(interval, FIRST_RETRY_MS * 2 ** (this.failures - 1)) : interval;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A refresh asked for meanwhile has rescheduled us; otherwise this one does.
      if (!this.running) void this.refresh();
    }, delay);
    // The schedule alone never keeps a process alive.
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof GatewayReadError && error.detail instanceof Error) {
    return `${error.detail.name}: ${error.detail.message}`;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

const syncs = new WeakMap<DataSource, AnalyticsSync>();

/**
 * The sync of the analytics subgraph instance serving `db`. The hub and the standalone runner
 * start it; the resolvers use the same one (refreshAnalytics, the interval in analyticsStatus).
 * Keyed by database so that several hubs in one process (tests) each have their own.
 */
export function analyticsSyncFor(db: DataSource): AnalyticsSync {
  let sync = syncs.get(db);
  if (!sync) {
    sync = new AnalyticsSync(db);
    syncs.set(db, sync);
  }
  return sync;
}
