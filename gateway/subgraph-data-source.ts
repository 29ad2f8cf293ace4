import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Fetcher } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import { Agent, fetch as undiciFetch } from 'undici';
import { ErrorCode } from '../subgraphs/shared/errors';
import { REQUEST_ID_HEADER } from '../subgraphs/shared/http-server';
import type { GatewayContext } from './context';

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  timeoutMs: number;
  writeTimeoutMs: number;
  maxSockets: number;
  /** Identical query fetches in flight at the same time share one HTTP call (never mutations). */
  dedup?: boolean;
}

export interface SubgraphFetchStats {
  /** HTTP calls sent to the subgraph. */
  sent: number;
  /** Fetches answered by a call another request had already sent. */
  shared: number;
}

/** What a shared call leaves for every fetch waiting on it: each gets its own Response to read. */
interface SharedAnswer {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
}

/** Set on a subgraph call that carries a mutation, so the fetcher gives it the write timeout. */
const OPERATION_HEADER = 'x-hub-operation';

/**
 * How the gateway talks to one subgraph: a keep-alive connection pool of bounded size, a hard
 * timeout on every call, the caller's request id passed on, and failures turned into one clear
 * SUBGRAPH_UNAVAILABLE error that names the subgraph but not its address.
 */
/** Health checks and schema loads carry no client context; client operations carry ours. */
function gatewayContext(options: GraphQLDataSourceProcessOptions<GatewayContext>): Partial<GatewayContext> | undefined {
  return options.context as Partial<GatewayContext> | undefined;
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly agent: Agent;
  private readonly subgraphName: string;
  private readonly timeoutMs: number;
  private readonly writeTimeoutMs: number;
  private readonly counters: SubgraphFetchStats;

  constructor(options: SubgraphDataSourceOptions) {
    const agent = new Agent({ keepAliveTimeout: 60_000, connections: options.maxSockets });
    const { timeoutMs, writeTimeoutMs } = options;
    const counters: SubgraphFetchStats = { sent: 0, shared: 0 };
    const send: Fetcher = (url, init) => {
      counters.sent += 1;
      return undiciFetch(url, {
        ...init,
        dispatcher: agent,
        signal: AbortSignal.timeout(init?.headers?.[OPERATION_HEADER] === 'mutation' ? writeTimeoutMs : timeoutMs),
      });
    };
    const fetcher = options.dedup ? dedupingFetcher(send, counters) : send;
    super({ url: options.url, fetcher });
    this.agent = agent;
    this.subgraphName = options.name;
    this.timeoutMs = timeoutMs;
    this.writeTimeoutMs = writeTimeoutMs;
    this.counters = counters;
  }

  stats(): SubgraphFetchStats {
    return { ...this.counters };
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const context = gatewayContext(options);
    const headers = options.request.http?.headers;
    if (context?.requestId) headers?.set(REQUEST_ID_HEADER, context.requestId);
    if (context?.authorization) headers?.set('authorization', context.authorization);
    if (/^\s*mutation\b/.test(options.request.query ?? '')) headers?.set(OPERATION_HEADER, 'mutation');
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      throw this.unavailable(error, options);
    }
  }

  private unavailable(error: unknown, options: GraphQLDataSourceProcessOptions<GatewayContext>): GraphQLError {
    // Checked by name, not instanceof: undici's DOMException may come from another realm.
    const name = typeof error === 'object' && error !== null && 'name' in error ? error.name : undefined;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    const limit =
      options.request.http?.headers.get(OPERATION_HEADER) === 'mutation' ? this.writeTimeoutMs : this.timeoutMs;
    const reason = timedOut ? `did not answer within ${limit} ms` : 'is unavailable';
    gatewayContext(options)?.logError?.(`subgraph ${this.subgraphName} ${reason}`, error);
    // Only operations that came from a client carry the path where the answer now has a gap.
    const path = 'pathInIncomingRequest' in options ? options.pathInIncomingRequest : undefined;
    return new GraphQLError(`Subgraph "${this.subgraphName}" ${reason}; its fields are missing from this answer`, {
      ...(path && path.length > 0 ? { path } : {}),
      extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, serviceName: this.subgraphName },
    });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/**
 * Two requests that need the same data from a subgraph at the same moment (a burst of identical
 * queries, or one query whose plan fetches the same thing twice) share one HTTP call: same
 * subgraph, same body (query and variables), same Authorization — the only header that changes
 * the answer. Mutations always go out on their own. The call carries the first request's id and
 * timeout; every waiter reads its own copy of the answer, failures included.
 */
function dedupingFetcher(send: Fetcher, counters: SubgraphFetchStats): Fetcher {
  const inFlight = new Map<string, Promise<SharedAnswer>>();
  // A Response with one of these statuses may not have a body, not even an empty one.
  const bodiless = new Set([101, 204, 205, 304]);
  const copy = (answer: SharedAnswer) =>
    new Response(bodiless.has(answer.status) ? null : answer.body, {
      status: answer.status,
      statusText: answer.statusText,
      headers: answer.headers,
    });
  return async (url, init) => {
    const headers = init?.headers ?? {};
    if (headers[OPERATION_HEADER] === 'mutation' || init?.method !== 'POST' || typeof init.body !== 'string') {
      return send(url, init);
    }
    const key = `${url}\n${headers['authorization'] ?? ''}\n${init.body}`;
    const pending = inFlight.get(key);
    if (pending) {
      counters.shared += 1;
      return copy(await pending);
    }
    const call = (async (): Promise<SharedAnswer> => {
      const response = await send(url, init);
      const body = await response.text();
      return { status: response.status, statusText: response.statusText, headers: [...response.headers], body };
    })();
    inFlight.set(key, call);
    try {
      return copy(await call);
    } finally {
      inFlight.delete(key);
    }
  };
}
