import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError, Kind, type DocumentNode } from 'graphql';
import { ErrorCode } from '../subgraphs/shared/errors';
import { REQUEST_ID_HEADER } from '../subgraphs/shared/http-server';
import type { GatewayContext } from './context';
import { SubgraphConnection, type SubgraphAnswer, type SubgraphFetchStats } from './subgraph-call';

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  timeoutMs: number;
  writeTimeoutMs: number;
  maxSockets: number;
  /** Identical query fetches in flight at the same time share one HTTP call (never mutations). */
  dedup?: boolean;
}

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

/** Why an answer cannot be used, for the log; the client only learns that the subgraph failed. */
class UnusableAnswer extends Error {
  override name = 'UnusableAnswer';
}

/** The subgraph's JSON answer, or UnusableAnswer. Parsed per caller: the gateway edits what it gets. */
function parseAnswer(answer: SubgraphAnswer): GatewayGraphQLResponse {
  if (answer.status < 200 || answer.status > 299) {
    throw new UnusableAnswer(`HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
  }
  const type = answer.contentType ?? '';
  if (!type.startsWith('application/json') && !type.startsWith('application/graphql-response+json')) {
    throw new UnusableAnswer(`not JSON (content-type ${type || 'missing'}): ${answer.text.slice(0, 300)}`);
  }
  const body: unknown = JSON.parse(answer.text);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new UnusableAnswer(`expected a JSON object, got: ${answer.text.slice(0, 300)}`);
  }
  return body;
}

/**
 * A subgraph's Cache-Control narrows the client answer's cache policy, as Apollo's own data
 * source does: a Land's subgraph may mark its answers as private or short-lived.
 */
function restrictCachePolicy(options: GraphQLDataSourceProcessOptions<GatewayContext>, header: string): void {
  if (!('incomingRequestContext' in options)) return;
  const policy: unknown = options.incomingRequestContext.overallCachePolicy;
  if (!isCachePolicy(policy)) return;
  const directives = new Map(
    header.split(',').map((part) => {
      const [key = '', value] = part.trim().split('=');
      return [key.toLowerCase(), value] as const;
    }),
  );
  const maxAge = directives.get('max-age');
  policy.restrict({
    maxAge: maxAge && /^[0-9]+$/.test(maxAge) ? Number(maxAge) : 0,
    ...(directives.has('private') ? { scope: 'PRIVATE' as const } : {}),
    ...(directives.has('public') ? { scope: 'PUBLIC' as const } : {}),
  });
}

interface RestrictablePolicy {
  restrict(hint: { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' }): void;
}

function isCachePolicy(value: unknown): value is RestrictablePolicy {
  return typeof value === 'object' && value !== null && 'restrict' in value && typeof value.restrict === 'function';
}

/**
 * How the gateway talks to one subgraph: the caller's request id and token passed on, a hard
 * timeout on every call (longer for mutations), identical in-flight queries sent once, and
 * failures turned into one clear SUBGRAPH_UNAVAILABLE error that names the subgraph but not its
 * address. A GraphQLDataSource of its own rather than Apollo's RemoteGraphQLDataSource, which
 * builds a node-fetch Request and Headers plus a WHATWG Response per call: on the gateway's hot
 * path that was a large share of its CPU per query (see BENCHMARKS.md).
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly connection: SubgraphConnection;
  private readonly subgraphName: string;
  private readonly timeoutMs: number;
  private readonly writeTimeoutMs: number;

  constructor(options: SubgraphDataSourceOptions) {
    this.connection = new SubgraphConnection(options.url, options.maxSockets, options.dedup ?? false);
    this.subgraphName = options.name;
    this.timeoutMs = options.timeoutMs;
    this.writeTimeoutMs = options.writeTimeoutMs;
  }

  stats(): SubgraphFetchStats {
    return { ...this.connection.stats };
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { http, ...payload } = options.request;
    const query = payload.query ?? '';
    const mutation = isMutation('document' in options ? options.document : undefined, query);
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    // Headers the gateway itself asks for (the federated trace header when tracing is on).
    if (http?.headers) for (const [name, value] of http.headers) headers[name.toLowerCase()] = value;
    const context = gatewayContext(options);
    if (context?.requestId) headers[REQUEST_ID_HEADER] = context.requestId;
    if (context?.authorization) headers['authorization'] = context.authorization;
    const timeoutMs = mutation ? this.writeTimeoutMs : this.timeoutMs;
    try {
      const answer = await this.connection.send({
        body: JSON.stringify(payload),
        headers,
        timeoutMs,
        shareable: !mutation,
      });
      const response = parseAnswer(answer);
      if (answer.cacheControl) restrictCachePolicy(options, answer.cacheControl);
      return response;
    } catch (error) {
      throw this.unavailable(error, options, timeoutMs);
    }
  }

  private unavailable(
    error: unknown,
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
    limitMs: number,
  ): GraphQLError {
    // Checked by name, not instanceof: the DOMException may come from another realm.
    const name = typeof error === 'object' && error !== null && 'name' in error ? error.name : undefined;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    const reason = timedOut ? `did not answer within ${limitMs} ms` : 'is unavailable';
    gatewayContext(options)?.logError?.(`subgraph ${this.subgraphName} ${reason}`, error);
    // Only operations that came from a client carry the path where the answer now has a gap.
    const path = 'pathInIncomingRequest' in options ? options.pathInIncomingRequest : undefined;
    return new GraphQLError(`Subgraph "${this.subgraphName}" ${reason}; its fields are missing from this answer`, {
      ...(path && path.length > 0 ? { path } : {}),
      extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, serviceName: this.subgraphName },
    });
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
