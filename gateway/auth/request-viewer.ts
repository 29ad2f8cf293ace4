import type { FastifyRequest } from 'fastify';
import type { TokenVerifier } from '../../subgraphs/shared/platform/auth/token-verifier';
import { ANONYMOUS, type Viewer } from '../../subgraphs/shared/platform/auth/viewer';

export type RequestViewer = (request: FastifyRequest) => Promise<Viewer>;

/**
 * The caller of a request, verified once however many hooks ask (rate limit, body limit,
 * operation limits, context). A token that does not verify rejects; the context turns that into
 * a 401, the hooks before it treat the caller as anonymous.
 */
export function requestViewer(verify: TokenVerifier): RequestViewer {
  const viewers = new WeakMap<FastifyRequest, Promise<Viewer>>();
  return (request) => {
    let viewer = viewers.get(request);
    if (!viewer) {
      viewer = verify(request.headers.authorization);
      // Whoever awaits it sees the rejection; no unhandled one if nobody does.
      viewer.catch(() => undefined);
      viewers.set(request, viewer);
    }
    return viewer;
  };
}

/** The verified caller, or anonymous when the token does not verify (refused later with 401). */
export async function viewerOrAnonymous(viewer: RequestViewer, request: FastifyRequest): Promise<Viewer> {
  try {
    return await viewer(request);
  } catch {
    return ANONYMOUS;
  }
}

export function isInternal(viewer: Viewer): boolean {
  return viewer.roles.has('internal');
}
