import { request as httpRequest } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  json<T = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] }>(): T;
}

function raw(status: number, headers: Record<string, string>, text: string): RawResponse {
  return { status, headers, text, json: <T>() => JSON.parse(text) as T };
}

/** POSTs a JSON body with any headers and returns the answer as it came (headers and text). */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return raw(response.status, Object.fromEntries(response.headers), await response.text());
}

/** GETs /graphql with the operation in the query string, as Apollo's GET protocol has it. */
export async function getGraphQL(
  url: string,
  params: { query?: string; operationName?: string; variables?: unknown; extensions?: unknown },
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const search = new URLSearchParams();
  if (params.query !== undefined) search.set('query', params.query);
  if (params.operationName !== undefined) search.set('operationName', params.operationName);
  if (params.variables !== undefined) search.set('variables', JSON.stringify(params.variables));
  if (params.extensions !== undefined) search.set('extensions', JSON.stringify(params.extensions));
  const response = await fetch(`${url}?${search.toString()}`, { headers });
  return raw(response.status, Object.fromEntries(response.headers), await response.text());
}

/**
 * A request on a connection of its own (no keep-alive), so that behind a cluster's shared port
 * each request may reach another worker (the primary hands out connections, not requests).
 */
export function onNewConnection(
  url: string,
  options: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
        agent: false,
        headers: {
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          connection: 'close',
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const responseHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (typeof value === 'string') responseHeaders[name] = value;
            else if (Array.isArray(value)) responseHeaders[name] = value.join(', ');
          }
          resolve(raw(res.statusCode ?? 0, responseHeaders, text));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Waits (polling) until `condition` holds — for events with no callback, never as a sleep. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
