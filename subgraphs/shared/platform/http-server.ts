import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerErrorHandler } from './http-error-handler';
import { OneLinePerRequest, registerRequestLog } from './request-log';
import { wholeNumberFromEnv } from './env-number';

export interface HttpServerOptions {
  logLevel?: string | undefined;
  /** Prefix for request ids this server generates. */
  name: string;
  /** Largest request body accepted; bulk imports send thousands of rows in one request. */
  maxRequestBytes?: number | undefined;
  /** Default: from the environment (connectionLimitsFromEnv). */
  connectionLimits?: ConnectionLimits | undefined;
}

/** 16 MiB: about 12 000 fully filled measure rows in one all-or-nothing import. */
export const DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;

export function maxRequestBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return wholeNumberFromEnv(env, 'MAX_REQUEST_BYTES', DEFAULT_MAX_REQUEST_BYTES);
}

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's request id is taken only in this shape; anything else gets a fresh one. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** How long a connection may take and idle (see connectionLimitsFromEnv). */
export interface ConnectionLimits {
  /** Until the request's headers are in (slow-header clients). */
  headersTimeoutMs: number;
  /** Until the whole request is in, body included (slow-body clients; bulk imports are large). */
  requestTimeoutMs: number;
  /**
   * An idle keep-alive connection is closed after this. Above the gateway's 60 s keep-alive to
   * the subgraphs (gateway/subgraph-calls/http-pool.ts), so the server never closes a socket the gateway reuses.
   */
  idleTimeoutMs: number;
  /** Open connections at most; more are refused at once. */
  maxConnections: number;
}

/** HEADERS_TIMEOUT_MS (10 s), REQUEST_TIMEOUT_MS (60 s), IDLE_TIMEOUT_MS (65 s), MAX_CONNECTIONS (1024). */
export function connectionLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectionLimits {
  const requestTimeoutMs = wholeNumberFromEnv(env, 'REQUEST_TIMEOUT_MS', 60_000);
  return {
    // Node wants the headers in before the whole request.
    headersTimeoutMs: Math.min(wholeNumberFromEnv(env, 'HEADERS_TIMEOUT_MS', 10_000), requestTimeoutMs),
    requestTimeoutMs,
    idleTimeoutMs: wholeNumberFromEnv(env, 'IDLE_TIMEOUT_MS', 65_000),
    maxConnections: wholeNumberFromEnv(env, 'MAX_CONNECTIONS', 1024),
  };
}

/** The caller's x-request-id when it is well-formed (it is logged and passed on), else a new one. */
export function requestIdOf(header: string | string[] | undefined, prefix: string): string {
  return typeof header === 'string' && REQUEST_ID_PATTERN.test(header) ? header : `${prefix}-${randomUUID()}`;
}

/**
 * The Fastify instance every hub process (subgraphs and gateway) serves from. It takes the
 * caller's request id or makes one and echoes it, so one id follows a query through the hub.
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const limits = options.connectionLimits ?? connectionLimitsFromEnv();
  const app = Fastify({
    // info shows one line per request (request-log.ts); LOG_LEVEL=warn hides them.
    logger: { level: options.logLevel ?? process.env['LOG_LEVEL'] ?? 'info' },
    // Fastify's two lines per request give way to the one of registerRequestLog.
    logController: new OneLinePerRequest(),
    // genReqId reads and checks the header itself: an id of any shape would be logged and forwarded.
    requestIdHeader: false,
    genReqId: (request) => requestIdOf(request.headers[REQUEST_ID_HEADER], options.name),
    // Keep idle client connections open long enough for the gateway to reuse them.
    keepAliveTimeout: limits.idleTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    bodyLimit: options.maxRequestBytes ?? maxRequestBytesFromEnv(),
  });
  app.server.headersTimeout = limits.headersTimeoutMs;
  app.server.maxConnections = limits.maxConnections;
  app.addHook('onSend', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  registerErrorHandler(app);
  registerRequestLog(app);
  return app;
}

export async function listen(app: FastifyInstance, port: number, host: string): Promise<string> {
  await app.listen({ port, host });
  const address = app.server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${shownHost}:${address.port}`;
}
