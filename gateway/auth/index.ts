/**
 * Who is calling, and who the gateway is to its subgraphs: the token verifier and the caller of
 * each request (request-viewer.ts), the short-lived credential on every subgraph call, and the
 * public key subgraphs verify it with (jwks-route.ts).
 */
import type { FastifyInstance } from 'fastify';
import {
  createGatewayCredentialSigner,
  type GatewayCredentialSigner,
} from '../../subgraphs/shared/platform/auth/gateway-credential';
import { requireOperator } from '../../subgraphs/shared/platform/auth/operator-guard';
import { createTokenVerifier } from '../../subgraphs/shared/platform/auth/token-verifier';
import type { GatewayConfig } from '../config';
import { registerGatewayJwksRoute } from './jwks-route';
import { requestViewer, type RequestViewer } from './request-viewer';

export { isInternal, requestViewer, viewerOrAnonymous, type RequestViewer } from './request-viewer';

export interface GatewayAuth {
  /** The caller of a request, verified once for the rate limit, the body limit and the context. */
  viewerOf: RequestViewer;
  /** Signs the credential of every subgraph call; absent without GATEWAY_SIGNING_KEY. */
  credentials: GatewayCredentialSigner | undefined;
  /** The guard of an operator endpoint (/stats, /metrics); see operator-guard.ts. */
  operatorGuard: (options: { public: boolean }) => ReturnType<typeof requireOperator>;
  /** GET /.well-known/hub-gateway-jwks.json, when there is a credential to verify. */
  registerJwksRoute: () => void;
}

export async function useAuth(config: GatewayConfig, app: FastifyInstance): Promise<GatewayAuth> {
  const verifyToken = createTokenVerifier(config.auth);
  // The short-lived credential on every subgraph call: subgraphs answer the gateway and nobody else.
  const credentials = config.signingKey ? await createGatewayCredentialSigner(config.signingKey) : undefined;
  if (!credentials) {
    app.log.warn('GATEWAY_SIGNING_KEY is not set: subgraphs that verify the gateway credential refuse its calls');
  }
  return {
    viewerOf: requestViewer(verifyToken),
    credentials,
    operatorGuard: (options) => requireOperator(verifyToken, options),
    registerJwksRoute: () => {
      if (credentials) registerGatewayJwksRoute(app, credentials);
    },
  };
}
