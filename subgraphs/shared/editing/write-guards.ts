import { GraphQLError } from 'graphql';
import type { Viewer } from '../platform/auth/viewer';
import { ErrorCode } from '../platform/errors';

/** Reading is open to all; writing needs a verified token. */
export function requireSignedIn(viewer: Viewer): void {
  if (!viewer.authenticated) {
    throw new GraphQLError('Writing needs a token: send "Authorization: Bearer <token>" (see README, "Editing")', {
      extensions: { code: ErrorCode.UNAUTHENTICATED },
    });
  }
}
