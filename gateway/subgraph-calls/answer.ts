import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GatewayContext } from '../context';
import type { SubgraphAnswer } from './http-pool';

/** Why an answer cannot be used, for the log; the client only learns that the subgraph failed. */
export class UnusableAnswer extends Error {
  override name = 'UnusableAnswer';

  constructor(
    message: string,
    /** A proxy in front of the subgraph saying it cannot reach it: counted by the breaker. */
    readonly unreachable = false,
  ) {
    super(message);
  }
}

/** What proxies answer when the subgraph behind them is down or hangs. */
const UNREACHABLE_STATUSES = new Set([502, 503, 504]);

function errorName(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'name' in error ? error.name : undefined;
}

/** Checked by name, not instanceof: the DOMException may come from another realm. */
export function isTimeout(error: unknown): boolean {
  const name = errorName(error);
  return name === 'TimeoutError' || name === 'AbortError';
}

/** The subgraph's JSON answer, or UnusableAnswer. Parsed per caller: the gateway edits what it gets. */
export function parseAnswer(answer: SubgraphAnswer): GatewayGraphQLResponse {
  if (answer.status < 200 || answer.status > 299) {
    throw new UnusableAnswer(
      `HTTP ${answer.status}: ${answer.text.slice(0, 300)}`,
      UNREACHABLE_STATUSES.has(answer.status),
    );
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
export function restrictCachePolicy(options: GraphQLDataSourceProcessOptions<GatewayContext>, header: string): void {
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
