import type { GraphQLFormattedError } from 'graphql';
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
    log(error, formatted);
    return {
      message: INTERNAL_MESSAGE,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
