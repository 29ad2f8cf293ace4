import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { GraphQLError } from 'graphql';
import type { TokenVerifier } from './token-verifier';
import { hasRole } from './viewer';
import { ErrorCode } from '../errors';

/** OPS_ENDPOINTS_PUBLIC=on: /stats and /metrics answer anyone (a scraper inside a closed network). */
export function opsEndpointsPublicFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env['OPS_ENDPOINTS_PUBLIC']?.trim().toLowerCase();
  if (raw === undefined || raw === '' || ['off', 'false', '0', 'no'].includes(raw)) return false;
  if (['on', 'true', '1', 'yes'].includes(raw)) return true;
  throw new Error(`OPS_ENDPOINTS_PUBLIC must be on or off, got "${env['OPS_ENDPOINTS_PUBLIC']}"`);
}

function refuse(reply: FastifyReply, status: 401 | 403, code: string, message: string): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('content-type', 'application/json; charset=utf-8')
    .send({ errors: [{ message, extensions: { code } }] });
}

/**
 * A preHandler for the operators' endpoints (/stats, /metrics): they tell an outsider how the hub
 * is loaded and what it caches, so they need a hub token with the role `operator` — 401 without
 * one or with one that does not verify, 403 with a token lacking the role. `public` (from
 * OPS_ENDPOINTS_PUBLIC unless given) lets everyone in.
 */
export function requireOperator(
  verifyToken: TokenVerifier,
  options: { public?: boolean } = {},
): preHandlerAsyncHookHandler {
  const open = options.public ?? opsEndpointsPublicFromEnv();
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (open) return;
    const authorization = request.headers.authorization;
    if (!authorization) {
      return refuse(reply, 401, ErrorCode.UNAUTHENTICATED, 'This endpoint needs an operator token');
    }
    let viewer;
    try {
      viewer = await verifyToken(authorization);
    } catch (error) {
      const message = error instanceof GraphQLError ? error.message : 'The token is not valid for this hub';
      return refuse(reply, 401, ErrorCode.UNAUTHENTICATED, message);
    }
    if (!hasRole(viewer, 'operator')) {
      return refuse(reply, 403, ErrorCode.FORBIDDEN, 'This endpoint needs the role operator');
    }
  };
}
