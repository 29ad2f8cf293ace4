import { mintToken, type TokenClaims } from '../../subgraphs/shared/platform/auth/mint-token';
import type { AuthConfig } from '../../subgraphs/shared/platform/auth/token-verifier';

/** The signing secret of test hubs (tests only). */
export const TEST_AUTH: AuthConfig = { secret: 'test-secret-for-the-integration-hub-0123456789' };

export function tokenFor(claims: Partial<TokenClaims> & Pick<TokenClaims, 'roles'>, expiresIn = '1h'): Promise<string> {
  return mintToken(
    TEST_AUTH,
    { sub: `test:${claims.roles.join('+')}:${claims.ressort ?? claims.ars ?? claims.institute ?? 'all'}`, ...claims },
    expiresIn,
  );
}

export const editorOf = (ressort: string) => tokenFor({ roles: ['editor'], ressort, name: `Redaktion ${ressort}` });
export const placeEditor = (ars: string) => tokenFor({ roles: ['editor'], ars, name: `Redaktion ${ars}` });
export const analyst = () => tokenFor({ roles: ['analyst'], name: 'Analyse' });
export const admin = () => tokenFor({ roles: ['admin'], name: 'Admin' });
export const operator = () => tokenFor({ roles: ['operator'], name: 'Betrieb' });
