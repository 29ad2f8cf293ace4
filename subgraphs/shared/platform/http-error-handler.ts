import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, INTERNAL_MESSAGE, isPublicCode } from './errors';

interface Refusal {
  status: number;
  message: string;
  extensions: Record<string, unknown>;
}

function numberProperty(error: unknown, name: string): number | undefined {
  const value = typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[name] : undefined;
  return typeof value === 'number' ? value : undefined;
}

/** Fastify's own refusals of a request, in the hub's error codes. */
function refusalOf(error: FastifyError, request: FastifyRequest): Refusal | undefined {
  const extensions = (error as { extensions?: Record<string, unknown> }).extensions;
  const http = extensions?.['http'];
  const status = numberProperty(error, 'statusCode') ?? numberProperty(http, 'status') ?? 500;
  // Errors the hub raised itself (a limit, the rate limit, the execution budget) carry a public code.
  if (extensions && isPublicCode(extensions['code']) && extensions['code'] !== ErrorCode.INTERNAL_SERVER_ERROR) {
    const { http: _http, ...rest } = extensions;
    return { status, message: error.message, extensions: rest };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const declared = Number(request.headers['content-length']);
      const maximum = request.routeOptions.bodyLimit ?? 0;
      return {
        status: 413,
        message: `The request body is larger than ${maximum} bytes`,
        extensions: {
          code: ErrorCode.OPERATION_LIMIT_EXCEEDED,
          limit: 'body',
          value: Number.isFinite(declared) ? declared : maximum + 1,
          maximum,
        },
      };
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        message: 'Send the operation as application/json (or as a GET query string)',
        extensions: { code: ErrorCode.BAD_REQUEST },
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, message: 'The request body is empty', extensions: { code: ErrorCode.BAD_REQUEST } };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return {
        status: 400,
        message: 'The request body is not valid JSON',
        extensions: { code: ErrorCode.BAD_REQUEST },
      };
    default:
      break;
  }
  // JSON.parse's SyntaxError (Fastify marks it 400) and the other 4xx of Fastify's parsers.
  if (status >= 400 && status < 500) {
    const message = error instanceof SyntaxError ? 'The request body is not valid JSON' : error.message;
    const code =
      status === 401 ? ErrorCode.UNAUTHENTICATED : status === 403 ? ErrorCode.FORBIDDEN : ErrorCode.BAD_REQUEST;
    return { status, message, extensions: { code } };
  }
  return undefined;
}

/**
 * Every error that reaches Fastify (not Apollo's, which answer themselves) becomes a GraphQL-style
 * body `{ errors: [{ message, extensions: { code } }] }`. A client's mistake is answered 4xx and
 * logged at info without a stack; anything else is a 500 with nothing internal in it, logged at
 * error with the cause.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const refusal = refusalOf(error, request);
    if (refusal) {
      // A refusal, not a fault: one line without a stack (warn when the hub could not answer in time).
      const level = refusal.status >= 500 ? 'warn' : 'info';
      request.log[level]({ status: refusal.status, code: refusal.extensions['code'] }, refusal.message);
      return reply
        .code(refusal.status)
        .type('application/json; charset=utf-8')
        .send({ errors: [{ message: refusal.message, extensions: refusal.extensions }] });
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .code(500)
      .type('application/json; charset=utf-8')
      .send({ errors: [{ message: INTERNAL_MESSAGE, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
  });
}
