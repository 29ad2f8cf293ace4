import { mintToken } from '../shared/platform/auth/mint-token';
import type { AuthConfig } from '../shared/platform/auth/token-verifier';

/** Who the refresh is in the gateway's logs and rate limit. */
export const INTERNAL_SUBJECT = 'analytics-refresh';

const LIFETIME_SECONDS = 3600;

/**
 * The analytics refresh's credential towards the gateway: a token with the role `internal`, which
 * gets the gateway's internal operation limits (whole pages of 200 with their evaluations) and is
 * not rate limited. Minted with the hub's own secret and renewed when half its hour is over, so a
 * hub that runs for weeks never sends an expired one.
 */
export function internalTokenProvider(auth: AuthConfig): () => Promise<string> {
  let current: { token: Promise<string>; renewAt: number } | undefined;
  return () => {
    const now = Date.now();
    if (!current || now >= current.renewAt) {
      const token = mintToken(auth, { sub: INTERNAL_SUBJECT, roles: ['internal'] }, `${LIFETIME_SECONDS}s`);
      current = { token, renewAt: now + (LIFETIME_SECONDS * 1000) / 2 };
      // A failed mint is tried again on the next call.
      token.catch(() => {
        current = undefined;
      });
    }
    return current.token;
  };
}
