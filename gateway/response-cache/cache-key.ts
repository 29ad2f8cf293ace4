import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** What the response cache may do with one request to /graphql. */
export type CachePlan = { cacheable: true; key: string } | { cacheable: false; reason: BypassReason };

export type BypassReason =
  | 'method'
  | 'signed-in'
  | 'no-cache'
  | 'csrf'
  | 'not-json'
  | 'batch'
  | 'no-operation'
  | 'hash-mismatch'
  | 'extensions'
  | 'variables';

/** The parts of an HTTP request the plan is made from (a Fastify request has them all). */
export interface GraphQLHttpRequest {
  method: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body of a POST. */
  body: unknown;
  /** The parsed query string of a GET. */
  query: unknown;
}

/** Apollo Server's CSRF prevention: requests that a browser sends without a preflight are refused. */
const NON_PREFLIGHTED_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'];

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function mediaType(headers: IncomingHttpHeaders): string | undefined {
  return header(headers, 'content-type')?.split(';')[0]?.trim().toLowerCase();
}

/**
 * True when Apollo Server would execute the request rather than refuse it as a possible CSRF:
 * a cached answer must not be handed out where the server itself would answer 400. (Stricter
 * than Apollo where a content-type does not parse: such requests are simply not cached.)
 */
function passesCsrfPrevention(headers: IncomingHttpHeaders): boolean {
  const type = mediaType(headers);
  if (type && !NON_PREFLIGHTED_CONTENT_TYPES.includes(type)) return true;
  return PREFLIGHT_HEADERS.some((name) => (header(headers, name) ?? '').length > 0);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (isPlainObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Apollo's APQ hash of a query text (and ours for the cache key): hex SHA-256. */
export function queryHash(query: string): string {
  return createHash('sha256').update(query).digest('hex');
}

interface Operation {
  query: unknown;
  operationName: unknown;
  variables: unknown;
  extensions: unknown;
}

/** A GET carries variables and extensions as JSON text in the query string. */
function fromQueryString(query: unknown): Operation | 'variables' | 'batch' {
  if (!isPlainObject(query)) return { query: undefined, operationName: undefined, variables: {}, extensions: {} };
  const parse = (raw: unknown): unknown => {
    if (raw === undefined || raw === '') return undefined;
    if (typeof raw !== 'string') throw new Error('repeated parameter');
    return JSON.parse(raw) as unknown;
  };
  if ([query['query'], query['operationName']].some((v) => Array.isArray(v))) return 'batch';
  try {
    return {
      query: query['query'],
      operationName: query['operationName'],
      variables: parse(query['variables']),
      extensions: parse(query['extensions']),
    };
  } catch {
    return 'variables';
  }
}

/**
 * Decides whether an answer to this request may come from (and go to) the response cache, and
 * under which key: the operation (its SHA-256, so a hash-only APQ request and the same query in
 * full share one entry), the operation name, the variables in canonical form, and the Accept
 * header (it decides the response's content type).
 *
 * Only anonymous requests qualify: whatever a token may see (drafts, internal fields) never
 * enters the cache. Whether the operation is a query is known only after parsing, so the caller
 * stores an answer only when it turned out to be one; a mutation never has a stored answer, so
 * a lookup cannot return one for it.
 */
export function planCaching(request: GraphQLHttpRequest): CachePlan {
  const { headers } = request;
  if (request.method !== 'GET' && request.method !== 'POST') return { cacheable: false, reason: 'method' };
  if (header(headers, 'authorization')) return { cacheable: false, reason: 'signed-in' };
  if (/\bno-(cache|store)\b/i.test(header(headers, 'cache-control') ?? '')) {
    return { cacheable: false, reason: 'no-cache' };
  }
  if (!passesCsrfPrevention(headers)) return { cacheable: false, reason: 'csrf' };

  let operation: Operation;
  if (request.method === 'POST') {
    if (mediaType(headers) !== 'application/json') return { cacheable: false, reason: 'not-json' };
    if (Array.isArray(request.body)) return { cacheable: false, reason: 'batch' };
    if (!isPlainObject(request.body)) return { cacheable: false, reason: 'not-json' };
    const body = request.body;
    operation = {
      query: body['query'],
      operationName: body['operationName'],
      variables: body['variables'],
      extensions: body['extensions'],
    };
  } else {
    const parsed = fromQueryString(request.query);
    if (typeof parsed === 'string') return { cacheable: false, reason: parsed };
    operation = parsed;
  }

  const { variables, extensions } = operation;
  if (variables != null && !isPlainObject(variables)) return { cacheable: false, reason: 'variables' };
  if (operation.operationName != null && typeof operation.operationName !== 'string') {
    return { cacheable: false, reason: 'no-operation' };
  }
  // Other extensions could change the answer; only the APQ one is understood here.
  let persistedHash: string | undefined;
  if (extensions != null) {
    if (!isPlainObject(extensions) || Object.keys(extensions).some((k) => k !== 'persistedQuery')) {
      return { cacheable: false, reason: 'extensions' };
    }
    const persisted = extensions['persistedQuery'];
    if (persisted !== undefined) {
      if (!isPlainObject(persisted) || typeof persisted['sha256Hash'] !== 'string') {
        return { cacheable: false, reason: 'extensions' };
      }
      persistedHash = persisted['sha256Hash'];
    }
  }

  let hash: string;
  if (typeof operation.query === 'string' && operation.query !== '') {
    hash = queryHash(operation.query);
    // Apollo refuses a query whose hash does not match; the cache must not answer it either.
    if (persistedHash !== undefined && persistedHash !== hash) return { cacheable: false, reason: 'hash-mismatch' };
  } else if (persistedHash !== undefined && operation.query == null) {
    hash = persistedHash;
  } else {
    return { cacheable: false, reason: 'no-operation' };
  }

  const accept = header(headers, 'accept') ?? '';
  const key = JSON.stringify([hash, operation.operationName ?? null, canonicalJson(variables ?? {}), accept]);
  return { cacheable: true, key };
}
