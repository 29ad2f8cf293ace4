/**
 * SQLSTATEs and socket errors that mean "the database is not reachable right now" rather than
 * "this statement is wrong": the server is shutting down or starting (57P01–57P03), the
 * connection failed or broke (class 08), or the socket was refused or reset.
 */
const UNAVAILABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

/** node-postgres words these without a code when a pooled connection dies or cannot be made. */
const UNAVAILABLE_MESSAGES = [/^Connection terminated/, /timeout exceeded when trying to connect/i];

/** Whether an error (or what it wraps: originalError, cause) says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let hops = 0; hops < 6 && typeof current === 'object' && current !== null; hops += 1) {
    const code = 'code' in current ? current.code : undefined;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    const message = 'message' in current ? current.message : undefined;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    current =
      'originalError' in current && current.originalError
        ? current.originalError
        : 'cause' in current
          ? current.cause
          : undefined;
  }
  return false;
}
