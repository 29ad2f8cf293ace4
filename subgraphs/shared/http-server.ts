import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';

export interface HttpServerOptions {
  logLevel?: string | undefined;
  /** Prefix for request ids this server generates. */
  name: string;
  /** Largest request body accepted; bulk imports send thousands of rows in one request. */
  maxRequestBytes?: number | undefined;
}

/** 16 MiB: about 12 000 fully filled measure rows in one all-or-nothing import. */
export const DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;

export function maxRequestBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['MAX_REQUEST_BYTES'];
  const value = raw ? Number(raw) : DEFAULT_MAX_REQUEST_BYTES;
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`MAX_REQUEST_BYTES must be a positive whole number, got "${raw}"`);
  return value;
}

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * The Fastify instance every hub process (subgraphs and gateway) serves from. It takes the
 * caller's request id or makes one and echoes it, so one id follows a query through the hub.
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const app = Fastify({
    logger: { level: options.logLevel ?? process.env['LOG_LEVEL'] ?? 'warn' },
    requestIdHeader: REQUEST_ID_HEADER,
    genReqId: () => `${options.name}-${randomUUID()}`,
    // Keep idle client connections open long enough for the gateway to reuse them.
    keepAliveTimeout: 65_000,
    bodyLimit: options.maxRequestBytes ?? maxRequestBytesFromEnv(),
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  return app;
}

export async function listen(app: FastifyInstance, port: number, host: string): Promise<string> {
  await app.listen({ port, host });
  const address = app.server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${shownHost}:${address.port}`;
}
