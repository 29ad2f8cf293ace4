import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors';

/**
 * `operator`: the ops endpoints (/stats, /metrics), no data rights of its own. `internal`: the
 * hub's own callers (the analytics refresh), which get the higher operation limits.
 */
export const ROLES = ['editor', 'analyst', 'admin', 'operator', 'internal'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is asking, from the verified token's claims. The scope claims say what an editor owns:
 * `ressort` (a federal Ressort, e.g. "BMAS"), `ars` (a Land "09" or a Kommune "09564"),
 * `institute` (a research institute, e.g. "IAB") or `formats` (exchange format ids).
 */
export interface Viewer {
  authenticated: boolean;
  subject: string | null;
  name: string | null;
  roles: ReadonlySet<Role>;
  ressort: string | null;
  ars: string | null;
  institute: string | null;
  formats: readonly string[];
}

export const ANONYMOUS: Viewer = Object.freeze({
  authenticated: false,
  subject: null,
  name: null,
  roles: new Set<Role>(),
  ressort: null,
  ars: null,
  institute: null,
  formats: [],
});

function invalidClaim(claim: string, detail: string): GraphQLError {
  return new GraphQLError(`The token's "${claim}" claim ${detail}`, {
    extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
  });
}

function optionalString(payload: Record<string, unknown>, claim: string): string | null {
  const value = payload[claim];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value === '') throw invalidClaim(claim, 'must be a non-empty string');
  return value;
}

/** Turns verified claims into a Viewer; a claim of the wrong shape makes the token invalid. */
export function viewerFromClaims(payload: Record<string, unknown>): Viewer {
  const subject = optionalString(payload, 'sub');
  if (!subject) throw invalidClaim('sub', 'is missing');
  const rawRoles = payload['roles'] ?? [];
  if (!Array.isArray(rawRoles) || !rawRoles.every((r): r is Role => (ROLES as readonly unknown[]).includes(r))) {
    throw invalidClaim('roles', `must be a list of ${ROLES.join(', ')}`);
  }
  const ars = optionalString(payload, 'ars');
  if (ars !== null && !/^\d{2}(\d{3})?$/.test(ars)) throw invalidClaim('ars', 'must be a 2- or 5-digit ARS');
  const formats = payload['formats'] ?? [];
  if (!Array.isArray(formats) || !formats.every((f) => typeof f === 'string')) {
    throw invalidClaim('formats', 'must be a list of exchange format ids');
  }
  return {
    authenticated: true,
    subject,
    name: optionalString(payload, 'name'),
    roles: new Set(rawRoles),
    ressort: optionalString(payload, 'ressort'),
    ars,
    institute: optionalString(payload, 'institute'),
    formats,
  };
}

export function hasRole(viewer: Viewer, role: Role): boolean {
  return viewer.roles.has(role);
}

/** The label history records for a change: the subject and, when given, the name. */
export function actorOf(viewer: Viewer): string {
  return viewer.subject ?? 'anonymous';
}
