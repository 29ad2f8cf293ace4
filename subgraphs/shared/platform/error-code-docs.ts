import type { ErrorCode } from './errors';

/** What a client reads about one error code: the HTTP status where it is not 200, and when it comes. */
export interface ErrorCodeDoc {
  http?: string;
  when: string;
}

/**
 * The README's table of error codes, as data next to the codes (`npm run docs` writes it;
 * tests/unit/error-codes-doc.test.ts fails when the README differs). Typed by ErrorCode, so a new
 * code does not compile until it is documented here.
 */
export const ERROR_CODE_DOCS: { readonly [C in ErrorCode]: ErrorCodeDoc } = {
  BAD_USER_INPUT: {
    when: 'malformed or unknown ARS, page size outside 1–200, negative offset, … (`argumentName` says which)',
  },
  GRAPHQL_VALIDATION_FAILED: { when: 'the query does not fit the schema (e.g. an unknown target-group code)' },
  SUBGRAPH_UNAVAILABLE: {
    when: 'a subgraph did not answer in time or its circuit breaker is open; `serviceName` names it, the other fields are answered',
  },
  DATABASE_UNAVAILABLE: {
    when: 'a subgraph could not reach its database (restarting, connection lost); retry',
  },
  UNAUTHENTICATED: {
    http: '401',
    when: "the token is malformed, expired, has no `exp` or an algorithm not allowed; a subgraph called without the gateway's credential",
  },
  FORBIDDEN: {
    http: '403',
    when: "the token may not do this (another Ressort's measure; `/stats` without role `operator`)",
  },
  CONFLICT: { when: 'a write named a version that is no longer current; `currentVersion` says which is' },
  VALIDATION_FAILED: { when: 'a write breaks a rule of the guideline; `rule`, `field` and `violations` say which' },
  NOT_FOUND: { when: 'an object asked for by id does not exist' },
  OPERATION_LIMIT_EXCEEDED: {
    http: '400, 413',
    when: 'an operation too deep, wide, long or costly, or a body too large; `limit`, `value`, `maximum`',
  },
  EXECUTION_BUDGET_EXCEEDED: {
    http: '503',
    when: 'the request ran longer than `GATEWAY_EXECUTION_BUDGET_MS`; `budgetMs`',
  },
  RATE_LIMITED: {
    http: '429',
    when: 'too many requests from this client this minute; `Retry-After` says when to try again',
  },
  BAD_REQUEST: {
    http: '400, 415',
    when: 'the request is not a GraphQL request the hub runs: malformed JSON, unknown `operationName`, several operations without one, a subscription, a batch',
  },
  GRAPHQL_PARSE_FAILED: { when: 'the query text is not GraphQL' },
  PERSISTED_QUERY_NOT_FOUND: {
    when: 'a persisted-query hash the gateway does not know yet: send the query with it once',
  },
  PERSISTED_QUERY_NOT_SUPPORTED: {
    when: 'a request sent only a persisted-query hash while persisted queries are off (`PERSISTED_QUERIES=off`)',
  },
  OPERATION_RESOLUTION_FAILURE: {
    when: "Apollo Server's code for an operation it cannot pick from the document; through the gateway these come as `BAD_REQUEST`",
  },
  INTERNAL_SERVER_ERROR: {
    when: 'anything else; the message is generic, details are in the server log under the request id',
  },
};
