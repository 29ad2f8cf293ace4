import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

/** Long enough for any real operation name; a client cannot fill the log through this field. */
const MAX_LOGGED_NAME = 100;

/** Names a server learned by parsing the operation (the gateway's validated one), see noteOperationName. */
const notedNames = new WeakMap<FastifyRequest, string>();

/**
 * Tells the request line the operation's real name, when the server knows it better than the
 * client's `operationName` field (absent for a document with one named operation). Call before
 * the answer is sent (onSend at the latest).
 */
export function noteOperationName(request: FastifyRequest, name: string): void {
  notedNames.set(request, name.slice(0, MAX_LOGGED_NAME));
}

/** The operationName the client sent (POST body or GET query string), if it is a plain name. */
function operationName(request: FastifyRequest): string | undefined {
  const source: unknown = request.method === 'GET' ? request.query : request.body;
  if (typeof source !== 'object' || source === null || !('operationName' in source)) return undefined;
  const name = source.operationName;
  return typeof name === 'string' && name !== '' ? name.slice(0, MAX_LOGGED_NAME) : undefined;
}

/**
 * Fastify's own per-request lines (incoming, completed, route not found) give way to the one line
 * of registerRequestLog; its error lines (a handler that threw, a failed serializer) stay.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override routeNotFound(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ): void {
    if (error) super.requestCompleted(error, request, reply, metadata);
  }
}

/**
 * One info line per answered request, in place of Fastify's two (incoming, completed):
 * `{ reqId, method, path, status, durationMs, operation }`. The path leaves out the query string
 * (a GET query carries the operation and its variables); the request id is the one echoed in
 * x-request-id and passed from the gateway to the subgraphs, so one id finds a query's lines in
 * every service. Used with OneLinePerRequest as the server's logController (createHttpServer).
 */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const operation = notedNames.get(request) ?? operationName(request);
    request.log.info(
      {
        method: request.method,
        path: request.url.split('?', 1)[0],
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        ...(operation ? { operation } : {}),
      },
      'request',
    );
  });
}
