import { Client } from 'pg';
import { CHANGE_CHANNEL } from '../../subgraphs/shared/platform/change-notify';

export interface ChangeFeedOptions {
  databaseUrl: string;
  /** A committed write somewhere in the hub; the payload names the subgraph's PostgreSQL schema. */
  onChange(payload: string): void;
  /** Listening (true) or not (false); on false, changes may go unheard until the next true. */
  onAvailability(listening: boolean): void;
  log: { warn(message: string): void; info(message: string): void };
  /** First and longest wait before reconnecting; doubled after every failed attempt. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

export interface ChangeFeedStats {
  listening: boolean;
  /** Successful connections after the first (each one after a loss). */
  reconnects: number;
  notifications: number;
}

/**
 * LISTENs on the hub's change channel (see subgraphs/shared/platform/change-notify.ts) with its own
 * PostgreSQL connection and reconnects with growing pauses when the connection is lost.
 * Notifications sent while no connection listens are lost for good, which is why the owner is
 * told about every loss and every recovery (onAvailability).
 */
export class ChangeFeed {
  private client: Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failures = 0;
  private connections = 0;
  private readonly counters = { notifications: 0 };

  constructor(private readonly options: ChangeFeedOptions) {}

  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Connects; resolves after the first attempt, successful or not (it is retried then). */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  stats(): ChangeFeedStats {
    return {
      listening: this.listening,
      reconnects: Math.max(0, this.connections - 1),
      notifications: this.counters.notifications,
    };
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.options.databaseUrl,
      application_name: 'hub-gateway-changes',
      keepAlive: true,
      connectionTimeoutMillis: 5000,
    });
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      void client.end().catch(() => undefined);
      this.lost(client, error);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => {
      if (message.channel !== CHANGE_CHANNEL) return;
      this.counters.notifications += 1;
      this.options.onChange(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      onLost(error);
      return;
    }
    if (lost) return;
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    this.connections += 1;
    if (this.connections > 1) this.options.log.info('change feed: listening again');
    this.options.onAvailability(true);
  }

  private lost(client: Client, error: unknown): void {
    const wasListening = this.client === client;
    if (wasListening) {
      this.client = undefined;
      this.options.onAvailability(false);
    }
    if (this.stopped) return;
    const min = this.options.minDelayMs ?? 100;
    const delay = Math.min(this.options.maxDelayMs ?? 10_000, min * 2 ** this.failures);
    this.failures += 1;
    const reason = error instanceof Error ? error.message : 'connection closed';
    this.options.log.warn(
      `change feed: ${wasListening ? 'connection lost' : 'cannot connect'} (${reason}); retrying in ${delay} ms`,
    );
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), delay);
  }
}
