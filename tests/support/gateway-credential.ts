import { SignJWT } from 'jose';
import { createPrivateKey } from 'node:crypto';
import {
  createGatewayCredentialSigner,
  GATEWAY_CREDENTIAL_HEADER,
  GATEWAY_CREDENTIAL_ISSUER,
  type GatewayKeys,
} from '../../subgraphs/shared/platform/auth/gateway-credential';

/**
 * For tests that call a subgraph directly (not through the gateway): the header the hub's gateway
 * would send to that subgraph, signed with the hub's own key (RunningHub.gatewayKeys).
 */
export async function gatewayHeaders(
  hub: { gatewayKeys: GatewayKeys },
  subgraph: string,
): Promise<Record<string, string>> {
  const signer = await createGatewayCredentialSigner(hub.gatewayKeys.privateKey);
  return signer.headers(subgraph);
}

/** The gateway credential when `url` is one of the hub's subgraphs; nothing for the gateway itself. */
export async function headersFor(
  hub: { gatewayKeys: GatewayKeys; subgraphs: ReadonlyMap<string, { server: { graphqlUrl: string } }> },
  url: string,
): Promise<Record<string, string>> {
  for (const [name, subgraph] of hub.subgraphs)
    if (subgraph.server.graphqlUrl === url) return gatewayHeaders(hub, name);
  return {};
}

/** A credential of any shape (expired, another audience or issuer), for the tests that it is refused. */
export async function craftedCredential(
  privateKeyPem: string,
  claims: { audience: string; issuer?: string; expiresAt?: number; issuedAt?: number },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA' })
    .setIssuer(claims.issuer ?? GATEWAY_CREDENTIAL_ISSUER)
    .setAudience(claims.audience)
    .setIssuedAt(claims.issuedAt ?? now)
    .setExpirationTime(claims.expiresAt ?? now + 60)
    .sign(createPrivateKey(privateKeyPem));
}

export { GATEWAY_CREDENTIAL_HEADER };
