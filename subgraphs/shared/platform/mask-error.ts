import type { GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable } from './database-unavailable';
import { ErrorCode, INTERNAL_MESSAGE, isPublicCode } from './errors';

export type ErrorLogger = (error: unknown, formatted: GraphQLFormattedError) => void;

/**
 * Apollo `formatError`: errors with a registered code keep their message and extensions (minus
 * any stack trace); everything else becomes a bare INTERNAL_SERVER_ERROR and is logged, so no
 * SQL, file path or internal address reaches a client.
 */
export function createErrorMasker(log: ErrorLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.['code'];
    if (isPublicCode(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    // Apollo's own request-level refusals without a code (e.g. "provided sha does not match
    // query" for a persisted query) carry an HTTP 4xx status: the caller's mistake, worded by
    // Apollo, with nothing internal in it. (Apollo fills in INTERNAL_SERVER_ERROR as their code,
    // so look at the error itself.)
    if (isClientStatus(httpStatusOf(error)) && !hasOwnCode(error)) {
      return { message: formatted.message, extensions: { code: ErrorCode.BAD_REQUEST } };
    }
    log(error, formatted);
    if (isDatabaseUnavailable(error)) {
      return {
        message: 'The database is unavailable right now; try again in a moment',
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: ErrorCode.DATABASE_UNAVAILABLE },
      };
    }
    return {
      message: INTERNAL_MESSAGE,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

function extensionsOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'extensions' in error ? error.extensions : undefined;
}

function hasOwnCode(error: unknown): boolean {
  const extensions = extensionsOf(error);
  return typeof extensions === 'object' && extensions !== null && 'code' in extensions && extensions.code !== undefined;
}

function httpStatusOf(error: unknown): unknown {
  const extensions = extensionsOf(error);
  const http =
    typeof extensions === 'object' && extensions !== null && 'http' in extensions ? extensions.http : undefined;
  return typeof http === 'object' && http !== null && 'status' in http ? http.status : undefined;
}

function isClientStatus(status: unknown): boolean {
  return typeof status === 'number' && status >= 400 && status < 500;
}
