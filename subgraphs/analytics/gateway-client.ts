/**
 * The analytics subgraph reads the catalogue through the gateway like any client: it sees what
 * the public sees (no drafts, nothing archived) and never another subgraph's tables. Its token
 * (when the hub has a secret or ANALYTICS_GATEWAY_TOKEN is set) carries only the role `internal`:
 * no data rights, just the gateway's higher operation limits for its pages of 200.
 */

/**
 * Why a read through the gateway failed, in words fit for `AnalyticsStatus.lastError`: no
 * address, no stack trace. The full cause goes to the log.
 */
export class GatewayReadError extends Error {
  constructor(
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'GatewayReadError';
  }
}

export interface GatewayTarget {
  url: string;
  timeoutMs: number;
  /** The bearer token to send (see internal-token.ts); none: anonymous, with the public limits. */
  token?: (() => Promise<string | undefined>) | undefined;
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message?: string; extensions?: { code?: unknown } }[];
}

function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : undefined;
}

/** ECONNREFUSED and friends sit on the cause of undici's "fetch failed". */
function networkCode(error: unknown): string {
  const cause = typeof error === 'object' && error !== null && 'cause' in error ? error.cause : undefined;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** One GraphQL operation against the gateway with a hard timeout; any GraphQL error fails it. */
export async function gatewayQuery<T>(
  target: GatewayTarget,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  let response: Response;
  let body: GraphQLBody<T>;
  try {
    const token = await target.token?.();
    response = await fetch(target.url, {
      method: 'POST',
      // no-cache: the index is built from fresh answers, never from the gateway's response cache
      // (which would also fill up with pages of the whole catalogue nobody else asks for).
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'cache-control': 'no-cache',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    body = (await response.json()) as GraphQLBody<T>;
  } catch (error) {
    const name = errorName(error);
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new GatewayReadError(`The gateway did not answer within ${target.timeoutMs} ms`, error);
    }
    if (error instanceof SyntaxError) throw new GatewayReadError('The gateway did not answer with JSON', error);
    throw new GatewayReadError(`The gateway could not be reached (${networkCode(error)})`, error);
  }
  if (body.errors?.length) {
    const first = body.errors
      .slice(0, 3)
      .map((e) => `${typeof e.extensions?.code === 'string' ? `[${e.extensions.code}] ` : ''}${e.message ?? ''}`);
    const more = body.errors.length > 3 ? ` (and ${body.errors.length - 3} more)` : '';
    throw new GatewayReadError(`The gateway answered with errors: ${first.join('; ')}${more}`, body.errors);
  }
  if (!response.ok || !body.data) {
    throw new GatewayReadError(`The gateway answered HTTP ${response.status} without data`);
  }
  return body.data;
}

export interface Paged<I> {
  totalCount: number;
  items: I[];
}

/** Runs at most `limit` tasks at a time, the rest in the order they were asked for. */
function limiter(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

/**
 * Reads through the gateway with at most `concurrency` calls in flight, however many lists are
 * read at once, so a refresh never floods the gateway or the subgraphs behind it.
 */
export class GatewayReader {
  private readonly limit: ReturnType<typeof limiter>;

  constructor(
    private readonly target: GatewayTarget,
    private readonly paging: { pageSize: number; concurrency: number },
  ) {
    this.limit = limiter(Math.max(1, paging.concurrency));
  }

  query<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    return this.limit(() => gatewayQuery<T>(this.target, query, variables));
  }

  /**
   * Every item of one of the hub's paged lists (`first`/`offset`, `totalCount` under `field`):
   * the first page says how many there are, the other pages follow in parallel.
   */
  async all<I>(query: string, field: string, variables: Record<string, unknown> = {}): Promise<Paged<I>> {
    return this.rest(query, field, variables, await this.page<I>(query, field, variables, 0));
  }

  /** One page of such a list, `pageSize` items from `offset`. */
  async page<I>(query: string, field: string, variables: Record<string, unknown>, offset: number): Promise<Paged<I>> {
    const data = await this.query<Record<string, Paged<I>>>(query, {
      ...variables,
      first: this.paging.pageSize,
      offset,
    });
    return data[field] as Paged<I>;
  }

  /** The whole list, given its first page (whose totalCount says how many pages follow). */
  async rest<I>(query: string, field: string, variables: Record<string, unknown>, first: Paged<I>): Promise<Paged<I>> {
    const size = this.paging.pageSize;
    const offsets: number[] = [];
    for (let offset = size; offset < first.totalCount; offset += size) offsets.push(offset);
    const rest = await Promise.all(
      offsets.map(async (offset) => (await this.page<I>(query, field, variables, offset)).items),
    );
    return { totalCount: first.totalCount, items: [...first.items, ...rest.flat()] };
  }
}
