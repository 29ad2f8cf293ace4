import { GraphQLError } from 'graphql';

/**
 * The one registry of error codes clients may rely on. Anything else that reaches a client is
 * masked as INTERNAL_SERVER_ERROR (see `maskError`), so stack traces, SQL and internal addresses
 * never leave a server.
 */
export const ErrorCode = {
  /** An argument is malformed, out of range or names something that does not exist. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** A single object asked for by id does not exist (or the caller may not see it). */
  NOT_FOUND: 'NOT_FOUND',
  /** The Authorization header is malformed, the token does not verify or has expired. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The caller is known but may not do this (e.g. edit another Ressort's measure). */
  FORBIDDEN: 'FORBIDDEN',
  /** The write named a version that is no longer current; `currentVersion` says which is. */
  CONFLICT: 'CONFLICT',
  /** A write breaks one of the guideline's rules; `rule` and `field` say which, `violations` all. */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  /** A subgraph did not answer in time or at all; its fields are null, the rest is served. */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /** Something failed inside the hub; details are in the server log under the request id. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** The query is not valid GraphQL or not valid against the schema. */
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  BAD_REQUEST: 'BAD_REQUEST',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  /**
   * The operation is larger than the gateway allows (depth, aliases, tokens, directives, cost or
   * body size); `limit` names which, `value` what the operation has and `maximum` what is allowed.
   * HTTP 400, refused before planning.
   */
  OPERATION_LIMIT_EXCEEDED: 'OPERATION_LIMIT_EXCEEDED',
  /** The request ran longer than the gateway's execution budget; `budgetMs` says how long that is. */
  EXECUTION_BUDGET_EXCEEDED: 'EXECUTION_BUDGET_EXCEEDED',
  /**
   * A subgraph could not reach its database (restarting, connection lost). Reads can be retried
   * at once; a write that got this was rolled back unless a read shows it applied.
   */
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  /** Too many requests from this client; HTTP 429 with Retry-After (seconds). */
  RATE_LIMITED: 'RATE_LIMITED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const PUBLIC_CODES = new Set<string>(Object.values(ErrorCode));

/** An argument the caller got wrong; `argumentName` names it so a client can point at the field. */
export function badUserInput(argumentName: string, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, argumentName },
  });
}

export function notFound(what: string, id: string, argumentName = 'id'): GraphQLError {
  return new GraphQLError(`${what} "${id}" does not exist`, {
    extensions: { code: ErrorCode.NOT_FOUND, argumentName },
  });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });
}

export function conflict(what: string, id: string, currentVersion: number): GraphQLError {
  return new GraphQLError(
    `${what} "${id}" has changed since the version you read; it is now at version ${currentVersion}`,
    {
      extensions: { code: ErrorCode.CONFLICT, currentVersion },
    },
  );
}

export interface Violation {
  /** Stable code of the broken rule, e.g. SUCCESS_CONTROL_REQUIRED. */
  rule: string;
  /** Path of the input field at fault, e.g. "input.successControl.plannedFor". */
  field: string;
  message: string;
}

/** One error for all broken rules; `rule` and `field` name the first, `violations` lists them all. */
export function validationFailed(violations: readonly Violation[]): GraphQLError {
  const [first] = violations;
  if (!first) throw new Error('validationFailed needs at least one violation');
  const message =
    violations.length === 1 ? first.message : `${first.message} (and ${violations.length - 1} more, see violations)`;
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.VALIDATION_FAILED, rule: first.rule, field: first.field, violations },
  });
}

export function isPublicCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && PUBLIC_CODES.has(code);
}

export const INTERNAL_MESSAGE = 'Internal server error';
