import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError, Kind, type DocumentNode } from 'graphql';
import { ErrorCode } from '../../subgraphs/shared/platform/errors';
import { REQUEST_ID_HEADER } from '../../subgraphs/shared/platform/http-server';
import { CircuitBreaker, type BreakerState, type BreakerStats } from '../circuit-breaker';
import type { GatewayContext } from '../context';
import { isTimeout, parseAnswer, restrictCachePolicy, UnusableAnswer } from './answer';
import { SubgraphHttpPool, type SubgraphFetchStats } from './http-pool';

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  timeoutMs: number;
  writeTimeoutMs: number;
  maxSockets: number;
  /** Identical query fetches in flight at the same time share one HTTP call (never mutations). */
  dedup?: boolean;
  /** When calls to this subgraph fail fast (see gateway/circuit-breaker.ts); defaults below. */
  breaker?: Partial<SubgraphBreakerOptions>;
  /** Extra headers on every call and probe (the gateway's credential); they win over all others. */
  callerHeaders?: (subgraph: string) => Record<string, string> | Promise<Record<string, string>>;
  /** Told once per call how it went ('rejected': failed fast by the open breaker); for metrics. */
  onCall?: (event: SubgraphCallEvent) => void;
  /** Where the breaker's changes of state are reported. */
  log?: { warn(message: string): void; info(message: string): void };
}

export interface SubgraphBreakerOptions {
  /** Consecutive timeouts or connection failures that open the breaker; 0 turns it off. */
  failures: number;
  /** Pause between two probes of the subgraph's /health while the breaker is open. */
  probeMs: number;
}

export const DEFAULT_BREAKER: SubgraphBreakerOptions = { failures: 3, probeMs: 1000 };

export interface SubgraphCallEvent {
  subgraph: string;
  outcome: 'ok' | 'error' | 'timeout' | 'rejected';
  seconds: number;
  mutation: boolean;
}

export type SubgraphSourceStats = SubgraphFetchStats & { breaker: BreakerStats };

/** Health checks and schema loads carry no client context; client operations carry ours. */
function gatewayContext(options: GraphQLDataSourceProcessOptions<GatewayContext>): Partial<GatewayContext> | undefined {
  return options.context as Partial<GatewayContext> | undefined;
}

function isMutation(document: DocumentNode | undefined, query: string): boolean {
  const first = document?.definitions[0];
  // Compared as strings: the plan's document may be typed by another copy of graphql's enums.
  if (first?.kind === Kind.OPERATION_DEFINITION) return String(first.operation) === 'mutation';
  return /^\s*mutation\b/.test(query);
}

/** The gateway's own mistake (a header callback that threw) is not the subgraph's failure. */
class CallerHeadersFailed extends Error {
  override name = 'CallerHeadersFailed';
}

/**
 * How the gateway talks to one subgraph: the caller's request id and token passed on, a hard
 * timeout on every call (longer for mutations), identical in-flight queries sent once, a circuit
 * breaker that fails calls fast while the subgraph does not answer, and failures turned into one
 * clear SUBGRAPH_UNAVAILABLE error that names the subgraph but not its address. A
 * GraphQLDataSource of its own rather than Apollo's RemoteGraphQLDataSource, which builds a
 * node-fetch Request and Headers plus a WHATWG Response per call: on the gateway's hot path that
 * was a large share of its CPU per query (see BENCHMARKS.md).
 *
 * An open breaker refuses mutations too: nothing is sent, so nothing is written or lost, and the
 * client learns at once that the write did not happen (rather than after the long write timeout).
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly pool: SubgraphHttpPool;
  private readonly breaker: CircuitBreaker;
  private readonly subgraphName: string;
  private readonly timeoutMs: number;
  private readonly writeTimeoutMs: number;
  private readonly callerHeaders: SubgraphDataSourceOptions['callerHeaders'];
  private readonly onCall: SubgraphDataSourceOptions['onCall'];

  constructor(options: SubgraphDataSourceOptions) {
    this.pool = new SubgraphHttpPool(options.url, options.maxSockets, options.dedup ?? false);
    this.subgraphName = options.name;
    this.timeoutMs = options.timeoutMs;
    this.writeTimeoutMs = options.writeTimeoutMs;
    this.callerHeaders = options.callerHeaders;
    this.onCall = options.onCall;
    const breaker = { ...DEFAULT_BREAKER, ...options.breaker };
    // Short: the probe only asks whether the subgraph answers at all (the next one waits for it).
    const probeTimeoutMs = Math.max(1, Math.min(breaker.probeMs, 1000, options.timeoutMs));
    const log = options.log;
    this.breaker = new CircuitBreaker({
      failureThreshold: breaker.failures,
      probeIntervalMs: breaker.probeMs,
      probe: async () => this.pool.probe('/health', probeTimeoutMs, await this.extraHeaders()),
      onStateChange: (state) => {
        if (state === 'open') {
          log?.warn(`subgraph ${this.subgraphName}: circuit breaker open, its fields fail fast until it answers again`);
        } else if (state === 'closed') {
          log?.info(`subgraph ${this.subgraphName}: circuit breaker closed, it answers again`);
        }
      },
    });
  }

  stats(): SubgraphSourceStats {
    return { ...this.pool.stats, breaker: this.breaker.stats() };
  }

  breakerState(): BreakerState {
    return this.breaker.state;
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const started = performance.now();
    const { http, ...payload } = options.request;
    const query = payload.query ?? '';
    const mutation = isMutation('document' in options ? options.document : undefined, query);
    const report = (outcome: SubgraphCallEvent['outcome']) => {
      try {
        this.onCall?.({
          subgraph: this.subgraphName,
          outcome,
          seconds: (performance.now() - started) / 1000,
          mutation,
        });
      } catch {
        // Counting a call must never fail it.
      }
    };
    if (!this.breaker.allow()) {
      report('rejected');
      throw this.unavailableError(options, 'is unavailable');
    }
    const timeoutMs = mutation ? this.writeTimeoutMs : this.timeoutMs;
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
      // Headers the gateway itself asks for (the federated trace header when tracing is on).
      if (http?.headers) for (const [name, value] of http.headers) headers[name.toLowerCase()] = value;
      const context = gatewayContext(options);
      if (context?.requestId) headers[REQUEST_ID_HEADER] = context.requestId;
      if (context?.authorization) headers['authorization'] = context.authorization;
      Object.assign(headers, await this.extraHeaders());
      const answer = await this.pool.send({
        body: JSON.stringify(payload),
        headers,
        timeoutMs,
        shareable: !mutation,
      });
      const response = parseAnswer(answer);
      this.breaker.succeeded();
      report('ok');
      if (answer.cacheControl) restrictCachePolicy(options, answer.cacheControl);
      return response;
    } catch (error) {
      const timedOut = isTimeout(error);
      this.record(error);
      report(timedOut ? 'timeout' : 'error');
      const reason = timedOut ? `did not answer within ${timeoutMs} ms` : 'is unavailable';
      gatewayContext(options)?.logError?.(`subgraph ${this.subgraphName} ${reason}`, error);
      throw this.unavailableError(options, reason);
    }
  }

  /** Tells the breaker whether a failed call means the subgraph does not answer. */
  private record(error: unknown): void {
    if (error instanceof CallerHeadersFailed) return;
    // It answered, only not usefully (HTML, broken JSON, HTTP 500): failing fast would not help.
    if (error instanceof UnusableAnswer && !error.unreachable) {
      this.breaker.succeeded();
      return;
    }
    this.breaker.failed();
  }

  private async extraHeaders(): Promise<Record<string, string>> {
    if (!this.callerHeaders) return {};
    try {
      return await this.callerHeaders(this.subgraphName);
    } catch (error) {
      throw new CallerHeadersFailed(`caller headers for ${this.subgraphName}: ${(error as Error).message}`);
    }
  }

  private unavailableError(options: GraphQLDataSourceProcessOptions<GatewayContext>, reason: string): GraphQLError {
    // Only operations that came from a client carry the path where the answer now has a gap.
    const path = 'pathInIncomingRequest' in options ? options.pathInIncomingRequest : undefined;
    return new GraphQLError(`Subgraph "${this.subgraphName}" ${reason}; its fields are missing from this answer`, {
      ...(path && path.length > 0 ? { path } : {}),
      extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, serviceName: this.subgraphName },
    });
  }

  async close(): Promise<void> {
    this.breaker.stop();
    await this.pool.close();
  }
}
