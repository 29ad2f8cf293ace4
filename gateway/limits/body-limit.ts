import { Transform } from 'node:stream';
import type { FastifyRequest, preParsingAsyncHookHandler } from 'fastify';
import { wholeNumberFromEnv } from '../../subgraphs/shared/platform/env-number';
import { operationLimitExceeded } from './limit-sets';

/** 128 KiB: the largest saved operation is under 2 KiB; a page of edits fits many times over. */
export const DEFAULT_PUBLIC_MAX_REQUEST_BYTES = 128 * 1024;

export function publicMaxRequestBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return wholeNumberFromEnv(env, 'MAX_PUBLIC_REQUEST_BYTES', DEFAULT_PUBLIC_MAX_REQUEST_BYTES);
}

function tooLarge(value: number, maximum: number): Error {
  const error = operationLimitExceeded('body', value, maximum);
  return Object.assign(error, { statusCode: 413 });
}

/**
 * Bodies of callers without a verified token stay below `maxBytes`; authenticated callers
 * (bulk imports send all rows in one all-or-nothing mutation) get the route's bodyLimit
 * (MAX_REQUEST_BYTES). A declared Content-Length is refused at once, a chunked body as soon as it
 * passes the limit, so nobody anonymous makes the gateway buffer megabytes.
 */
export function publicBodyLimit(
  maxBytes: number,
  isAuthenticated: (request: FastifyRequest) => Promise<boolean>,
): preParsingAsyncHookHandler {
  return async (request, _reply, payload) => {
    if (await isAuthenticated(request)) return payload;
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(declared, maxBytes);
    let received = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        if (received > maxBytes) callback(tooLarge(received, maxBytes));
        else callback(null, chunk);
      },
    });
    payload.on('error', (error) => counted.destroy(error));
    return payload.pipe(counted);
  };
}
