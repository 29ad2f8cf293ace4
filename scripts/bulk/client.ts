/** A small GraphQL-over-HTTP client for the hub's gateway (Node's fetch, bearer token). */

export const DEFAULT_URL = 'http://localhost:4000/graphql';

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

/** The hub could not be reached or refused the request as a whole (exit code 3). */
export class HubError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

export interface HubClientOptions {
  url: string;
  token?: string | undefined;
}

export interface PostResult<T> {
  data: T;
  /** Bytes of the request body, for the size report. */
  requestBytes: number;
}

export class HubClient {
  constructor(private readonly options: HubClientOptions) {}

  get url(): string {
    return this.options.url;
  }

  /** Posts one operation; any error in the answer becomes a HubError naming its code. */
  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<PostResult<T>> {
    const body = JSON.stringify({ query, variables });
    const requestBytes = Buffer.byteLength(body);
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        },
        body,
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new HubError(
        `Cannot reach the hub at ${this.options.url}: ${cause?.code ?? cause?.message ?? String(error)}`,
      );
    }
    if (response.status === 413) {
      throw new HubError(
        `The hub refused the request as too large (${requestBytes} bytes, HTTP 413). Its body limit must be raised ` +
          'for files this big (see docs/IMPORT-EXPORT.md, "Large files"). Nothing was written.',
        413,
        'PAYLOAD_TOO_LARGE',
      );
    }
    const text = await response.text();
    let parsed: { data?: T | null; errors?: GraphQLErrorShape[] };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      throw new HubError(
        `The hub answered HTTP ${response.status} without JSON: ${text.slice(0, 200)}`,
        response.status,
      );
    }
    const first = parsed.errors?.[0];
    if (first) {
      const code = typeof first.extensions?.['code'] === 'string' ? first.extensions['code'] : undefined;
      const hint =
        code === 'UNAUTHENTICATED' || response.status === 401
          ? ' (pass a valid token with --token or HUB_TOKEN; see docs/IMPORT-EXPORT.md)'
          : '';
      throw new HubError(`${code ? `${code}: ` : ''}${first.message}${hint}`, response.status, code);
    }
    if (!response.ok || !parsed.data) {
      throw new HubError(`The hub answered HTTP ${response.status} without data`, response.status);
    }
    return { data: parsed.data, requestBytes };
  }
}

interface TypeFields {
  __type: {
    fields?: { name: string }[] | null;
    inputFields?: { name: string }[] | null;
  } | null;
}

/**
 * The field names of an object or input type in the hub's schema, or null when the type does not
 * exist. The tools ask first, so a hub that lacks a field (a newer file format, a subgraph not yet
 * deployed) gives one clear message instead of a GraphQL validation error.
 */
export async function typeFields(client: HubClient, typeName: string): Promise<Set<string> | null> {
  const { data } = await client.request<TypeFields>(
    'query ($name: String!) { __type(name: $name) { fields { name } inputFields { name } } }',
    { name: typeName },
  );
  if (!data.__type) return null;
  return new Set([...(data.__type.fields ?? []), ...(data.__type.inputFields ?? [])].map((f) => f.name));
}
