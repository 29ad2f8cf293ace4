/**
 * Sending one request and recording what came back (status, headers, body, time), with a
 * deadline after which it counts as a hang. Keep-alive pools for the load loops; a fresh
 * connection for each hostile request, so that one refused request cannot spoil the next.
 */
import { Agent, Pool, request, type Dispatcher } from 'undici';

export interface Answer {
  /** null when no answer came (hang, connection refused or reset). */
  status: number | null;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
  /** No answer within the deadline. */
  hang: boolean;
  /** The client-side error when no answer came (ECONNRESET, …). */
  error?: string;
}

export interface SendOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'OPTIONS' | 'DELETE';
  headers?: Record<string, string>;
  body?: string | Buffer;
  deadlineMs: number;
  dispatcher?: Dispatcher;
}

/** Bodies longer than this are cut before they are kept (the leak scan reads the kept part). */
const KEEP_BYTES = 4 * 1024 * 1024;

const freshConnections = new Agent({ pipelining: 0, keepAliveTimeout: 1, connections: 64 });

export async function send(url: string, options: SendOptions): Promise<Answer> {
  const started = performance.now();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error('deadline')), options.deadlineMs);
  try {
    const response = await request(url, {
      method: options.method ?? 'POST',
      headers: options.headers ?? {},
      ...(options.body !== undefined ? { body: options.body } : {}),
      signal: abort.signal,
      dispatcher: options.dispatcher ?? freshConnections,
      headersTimeout: options.deadlineMs + 1000,
      bodyTimeout: options.deadlineMs + 1000,
    });
    const chunks: Buffer[] = [];
    let kept = 0;
    for await (const chunk of response.body) {
      const buffer = chunk as Buffer;
      if (kept < KEEP_BYTES) chunks.push(buffer);
      kept += buffer.length;
    }
    return {
      status: response.statusCode,
      headers: response.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      ms: performance.now() - started,
      hang: false,
    };
  } catch (error) {
    const hang = abort.signal.aborted;
    const cause = (error as { cause?: { code?: string } }).cause;
    const code = (error as { code?: string }).code ?? cause?.code;
    return {
      status: null,
      headers: {},
      body: '',
      ms: performance.now() - started,
      hang,
      error: hang ? 'no answer within the deadline' : (code ?? (error as Error).message),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** POST of a GraphQL request as JSON. */
export function postGraphql(
  url: string,
  payload: unknown,
  options: Omit<SendOptions, 'body' | 'method'> & { token?: string },
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  return send(url, { ...options, method: 'POST', headers, body: JSON.stringify(payload) });
}

/** Keep-alive connections to one origin for a load loop. */
export function keepAlivePool(origin: string, connections: number): Pool {
  return new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
}

export interface GraphqlBody {
  data?: unknown;
  errors?: { message?: string; extensions?: { code?: string; serviceName?: string } }[];
}

/** The answer's JSON body, or undefined when it is not JSON. */
export function parseGraphql(answer: Answer): GraphqlBody | undefined {
  try {
    const parsed = JSON.parse(answer.body) as unknown;
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The error codes of a GraphQL answer, in order, without repeats. */
export function errorCodes(body: GraphqlBody | undefined): string[] {
  const codes = (body?.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE');
  return [...new Set(codes)];
}
