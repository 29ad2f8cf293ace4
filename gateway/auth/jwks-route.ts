import type { FastifyInstance } from 'fastify';
import {
  GATEWAY_JWKS_PATH,
  type GatewayCredentialSigner,
} from '../../subgraphs/shared/platform/auth/gateway-credential';

/**
 * GET /.well-known/hub-gateway-jwks.json: the public key of the gateway credential, for a Land's
 * subgraph that fetches it (GATEWAY_JWKS_URL) instead of holding it (GATEWAY_PUBLIC_KEY). Public:
 * it lets anyone verify credentials, nobody mint them.
 */
export function registerGatewayJwksRoute(app: FastifyInstance, signer: GatewayCredentialSigner): void {
  app.get(GATEWAY_JWKS_PATH, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(signer.jwks()),
  );
}
