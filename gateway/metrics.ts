import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ErrorCode } from '../subgraphs/shared/platform/errors';
import { noteOperationName } from '../subgraphs/shared/platform/request-log';
import type { BreakerState } from './circuit-breaker';
import type { GatewayContext } from './context';
import { operationFactsOf, type OperationFacts } from './operation-facts';
import { CACHE_HEADER } from './response-cache';
import type { SubgraphCallEvent } from './subgraph-calls';

/** Fixed labels for operations whose own name would make the label set unbounded. */
export const OPERATION_LABEL = {
  /** Never validated (parse or validation error, refused before Apollo, 401 …): its name is the client's word only. */
  unknown: '(unknown)',
  anonymous: '(anonymous)',
  /** Too long, or beyond the number of distinct names kept. */
  other: '(other)',
} as const;

/** Distinct operation names that get a label of their own; later names count as "(other)". */
const MAX_OPERATION_NAMES = 200;
const MAX_OPERATION_NAME_LENGTH = 64;
/** Error codes are SCREAMING_SNAKE_CASE; anything else a subgraph invents collapses to OTHER. */
const CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,47}$/;
/** Error bodies the gateway parses for their code when Apollo did not report it (401, 413, 429 …). */
const MAX_PARSED_ERROR_BODY = 64 * 1024;
const LIMITS = new Set(['depth', 'aliases', 'tokens', 'directives', 'cost', 'body']);
const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** What the Apollo plugin learned about one request, keyed by the route's per-request facts. */
interface Observed {
  operation: string;
  /** The validated name itself, for the request log. */
  name?: string;
  type: string;
  code?: string;
  limitsCounted?: boolean;
}

interface GraphQLErrorLike {
  extensions?: Record<string, unknown> | undefined;
}

/** Process-wide metrics (CPU, memory, event loop, GC), shared by every gateway in the process. */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export interface MetricsRouteOptions {
  /** requireOperator(…) from operator-guard.ts; absent when OPS_ENDPOINTS_PUBLIC=on. */
  guard?: preHandlerAsyncHookHandler | undefined;
  /** The breaker of each subgraph data source built so far, read at every scrape. */
  breakerStates: () => Iterable<readonly [string, BreakerState]>;
}

/**
 * The gateway's Prometheus metrics, one Registry per gateway instance (several gateways in one
 * test process do not share counters). Series stay bounded: operation names only of operations
 * that validated, at most MAX_OPERATION_NAMES of them; codes only of the SCREAMING_SNAKE shape.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly knownOperations = new Set<string>();
  private readonly observed = new WeakMap<OperationFacts, Observed>();
  /** Codes read from error bodies Apollo did not produce (the request never reached it). */
  private readonly fallbackCodes = new WeakMap<FastifyRequest, string>();

  private readonly requests = new Counter({
    name: 'hub_requests_total',
    help: 'GraphQL requests answered, by operation name, operation type and result (ok or the first error code)',
    labelNames: ['operation', 'type', 'code'] as const,
    registers: [this.registry],
  });
  private readonly requestDuration = new Histogram({
    name: 'hub_request_duration_seconds',
    help: 'Time from the request arriving to its answer being sent',
    labelNames: ['operation', 'type', 'code'] as const,
    registers: [this.registry],
  });
  private readonly subgraphCalls = new Counter({
    name: 'hub_subgraph_calls_total',
    help: 'Calls to subgraphs by outcome (ok, error, timeout, rejected = failed fast by an open breaker)',
    labelNames: ['subgraph', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly subgraphCallDuration = new Histogram({
    name: 'hub_subgraph_call_duration_seconds',
    help: 'Duration of calls to subgraphs',
    labelNames: ['subgraph'] as const,
    registers: [this.registry],
  });
  private readonly responseCache = new Counter({
    name: 'hub_response_cache_total',
    help: 'GraphQL requests by response cache result (hit, miss, bypass)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  private readonly limitRefusals = new Counter({
    name: 'hub_operation_limit_refusals_total',
    help: 'Operations refused with OPERATION_LIMIT_EXCEEDED, by the limit that refused them',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });
  private readonly rateLimited = new Counter({
    name: 'hub_rate_limited_total',
    help: 'Requests refused by the rate limit (HTTP 429)',
    registers: [this.registry],
  });

  /** For SubgraphDataSource's `onCall` option. */
  readonly onSubgraphCall = (event: SubgraphCallEvent): void => {
    this.subgraphCalls.inc({ subgraph: event.subgraph, outcome: event.outcome });
    // A rejected call never left the gateway: its zero duration would only flatter the histogram.
    if (event.outcome !== 'rejected') this.subgraphCallDuration.observe({ subgraph: event.subgraph }, event.seconds);
  };

  /** Learns each operation's validated name and type, and its result code, from Apollo. */
  readonly plugin: ApolloServerPlugin<GatewayContext> = {
    requestDidStart: async () => ({
      didResolveOperation: async ({ contextValue, operation, operationName }) => {
        if (!contextValue.facts) return;
        this.observed.set(contextValue.facts, {
          operation: this.operationLabel(operationName ?? null),
          ...(operationName ? { name: operationName } : {}),
          type: operation?.operation ?? 'unknown',
        });
      },
      willSendResponse: async ({ contextValue, response }) => {
        if (!contextValue.facts) return;
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        const observed = this.observed.get(contextValue.facts) ?? {
          operation: OPERATION_LABEL.unknown,
          type: 'unknown',
        };
        observed.code = errors?.length ? codeOf(errors[0]) : 'ok';
        if (errors?.length) this.countLimitRefusals(errors);
        observed.limitsCounted = true;
        this.observed.set(contextValue.facts, observed);
      },
    }),
  };

  /** GET /metrics, and the hooks that count every GraphQL request. Call before the GraphQL route is registered. */
  register(app: FastifyInstance, options: MetricsRouteOptions): void {
    // Read at each scrape: the data sources are built lazily, one per subgraph of the supergraph.
    new Gauge({
      name: 'hub_subgraph_breaker_state',
      help: "Each subgraph's circuit breaker: 0 closed, 1 half-open, 2 open",
      labelNames: ['subgraph'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [subgraph, state] of options.breakerStates()) this.set({ subgraph }, BREAKER_VALUE[state]);
      },
    });

    app.addHook('onSend', async (request, reply, payload) => {
      // The request log line (request-log.ts) names the operation Apollo validated.
      const facts = operationFactsOf(request);
      const name = facts ? this.observed.get(facts)?.name : undefined;
      if (name) noteOperationName(request, name);
      // Error answers that did not come through Apollo (401 from the token check, 413, 429 …).
      if (reply.statusCode >= 400 && isGraphQLRoute(request)) this.readErrorBody(request, payload);
      return payload;
    });
    app.addHook('onResponse', async (request, reply) => this.countRequest(request, reply));

    app.get('/metrics', {
      ...(options.guard ? { preHandler: options.guard } : {}),
      handler: async (_request, reply) => {
        const text = (await processMetrics().metrics()) + (await this.registry.metrics());
        return reply.header('content-type', this.registry.contentType).header('cache-control', 'no-store').send(text);
      },
    });
  }

  private countRequest(request: FastifyRequest, reply: FastifyReply): void {
    if (reply.statusCode === 429) this.rateLimited.inc();
    if (!isGraphQLRoute(request) || request.method === 'OPTIONS') return;
    const cacheResult = reply.getHeader(CACHE_HEADER);
    if (cacheResult === 'hit' || cacheResult === 'miss' || cacheResult === 'bypass') {
      this.responseCache.inc({ result: cacheResult });
    }
    const facts = operationFactsOf(request);
    const observed = facts ? this.observed.get(facts) : undefined;
    let labels: { operation: string; type: string; code: string };
    if (cacheResult === 'hit') {
      // Only an error-free answer to a validated query is ever stored, so its name was validated.
      labels = { operation: this.knownOperationLabel(requestedOperationName(request)), type: 'query', code: 'ok' };
    } else {
      labels = {
        operation: observed?.operation ?? OPERATION_LABEL.unknown,
        type: observed?.type ?? 'unknown',
        code:
          observed?.code ??
          this.fallbackCodes.get(request) ??
          (reply.statusCode < 400 ? 'ok' : `HTTP_${reply.statusCode}`),
      };
    }
    this.requests.inc(labels);
    this.requestDuration.observe(labels, reply.elapsedTime / 1000);
  }

  private readErrorBody(request: FastifyRequest, payload: unknown): void {
    const observed = operationFactsOf(request);
    if (observed && this.observed.get(observed)?.limitsCounted) return;
    const text =
      typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
    if (text === undefined || text.length > MAX_PARSED_ERROR_BODY) return;
    try {
      const body: unknown = JSON.parse(text);
      const errors =
        typeof body === 'object' && body !== null && 'errors' in body && Array.isArray(body.errors)
          ? (body.errors as unknown[]).filter(isErrorLike)
          : [];
      if (errors.length === 0) return;
      this.fallbackCodes.set(request, codeOf(errors[0]));
      this.countLimitRefusals(errors);
    } catch {
      // Not JSON: the code stays HTTP_<status>.
    }
  }

  private countLimitRefusals(errors: readonly GraphQLErrorLike[]): void {
    const limits = new Set<string>();
    for (const error of errors) {
      if (error.extensions?.['code'] !== ErrorCode.OPERATION_LIMIT_EXCEEDED) continue;
      const limit = error.extensions['limit'];
      limits.add(typeof limit === 'string' && LIMITS.has(limit) ? limit : 'other');
    }
    for (const limit of limits) this.limitRefusals.inc({ limit });
  }

  /** The label of a validated operation: its name, admitted to the known set while there is room. */
  private operationLabel(name: string | null): string {
    if (name === null || name === '') return OPERATION_LABEL.anonymous;
    if (name.length > MAX_OPERATION_NAME_LENGTH) return OPERATION_LABEL.other;
    if (!this.knownOperations.has(name)) {
      if (this.knownOperations.size >= MAX_OPERATION_NAMES) return OPERATION_LABEL.other;
      this.knownOperations.add(name);
    }
    return name;
  }

  /** The label of a name a client sent with a cache hit: only names that validated before. */
  private knownOperationLabel(name: string | undefined): string {
    if (name === undefined || name === '') return OPERATION_LABEL.anonymous;
    return this.knownOperations.has(name) ? name : OPERATION_LABEL.other;
  }
}

function isGraphQLRoute(request: FastifyRequest): boolean {
  return request.routeOptions.url === '/graphql';
}

function isErrorLike(value: unknown): value is GraphQLErrorLike {
  return typeof value === 'object' && value !== null;
}

function codeOf(error: GraphQLErrorLike | undefined): string {
  const code = error?.extensions?.['code'];
  if (typeof code !== 'string') return 'UNKNOWN';
  return CODE_PATTERN.test(code) ? code : 'OTHER';
}

function requestedOperationName(request: FastifyRequest): string | undefined {
  const source: unknown = request.method === 'GET' ? request.query : request.body;
  if (typeof source !== 'object' || source === null || !('operationName' in source)) return undefined;
  return typeof source.operationName === 'string' ? source.operationName : undefined;
}
