import { GraphQLError } from 'graphql';

/**
 * The one registry of error codes clients may rely on. Anything else that reaches a client is
 * masked as INTERNAL_SERVER_ERROR (see `maskError`), so stack traces, SQL and internal addresses
 * never leave a server.
 */
export const ErrorCode = {
  /** An argument is malformed, out of range or names something that does not exist. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** A single object asked for by id does not exist. */
  NOT_FOUND: 'NOT_FOUND',
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

export function isPublicCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && PUBLIC_CODES.has(code);
}

export const INTERNAL_MESSAGE = 'Internal server error';
