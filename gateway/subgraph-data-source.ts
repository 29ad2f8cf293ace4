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

  constructor(options: SubgraphDataSourceOptions) {
    const agent = new Agent({ keepAliveTimeout: 60_000, connections: options.maxSockets });
    const { timeoutMs, writeTimeoutMs } = options;
    const fetcher: Fetcher = (url, init) =>
      undiciFetch(url, {
        ...init,
        dispatcher: agent,
        signal: AbortSignal.timeout(init?.headers?.[OPERATION_HEADER] === 'mutation' ? writeTimeoutMs : timeoutMs),
      });
    super({ url: options.url, fetcher });
    this.agent = agent;
    this.subgraphName = options.name;
    this.timeoutMs = timeoutMs;
    this.writeTimeoutMs = writeTimeoutMs;
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
