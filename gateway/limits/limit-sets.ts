import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../subgraphs/shared/platform/errors';
import { MAX_PAGE_SIZE } from '../../subgraphs/shared/platform/page-size';
import type { ListCostOptions } from './list-cost';
import { wholeNumberFromEnv } from '../../subgraphs/shared/platform/env-number';

/** The limits an operation is measured against; `body` is the request size (see body-limit.ts). */
export const OPERATION_LIMITS = ['depth', 'aliases', 'tokens', 'directives', 'cost'] as const;
export type OperationLimit = (typeof OPERATION_LIMITS)[number];
export type LimitName = OperationLimit | 'body';

export type LimitSet = Record<OperationLimit, number>;

export interface OperationLimitsConfig {
  /** Everyone: anonymous readers and editors alike. */
  public: LimitSet;
  /** Callers whose token carries the role `internal` (the analytics refresh reads whole pages). */
  internal: LimitSet;
  listCost: ListCostOptions;
}

/**
 * Defaults: every saved operation of the explorer, the dashboard and the headline query fit the
 * public set with room to spare (tests/unit/operation-limits.test.ts measures them), the analytics
 * refresh the internal one. Nesting a list in a list in a list does not fit either.
 */
export const DEFAULT_PUBLIC_LIMITS: LimitSet = {
  // The saved operations nest 5 deep at most; `place { kreise { land { kreise … } } }` needs more.
  // Aliases and tokens leave room for editors' batched mutations (the authorization tests send
  // one mutation per owner, 52 in one request); 3 000 aliases are far out.
  depth: 8,
  aliases: 100,
  tokens: 5000,
  directives: 20,
  // The wide headline query (four lists of 200 with their relations) estimates 165 000; two
  // levels of `targetGroups { federalOffers { … } }` about 1 000 000.
  cost: 200_000,
};
export const DEFAULT_INTERNAL_LIMITS: LimitSet = {
  depth: 10,
  aliases: 500,
  tokens: 8000,
  directives: 50,
  cost: 1_000_000,
};
export const DEFAULT_LIST_SIZE = 20;

const ENV_NAMES: Record<OperationLimit, string> = {
  depth: 'MAX_DEPTH',
  aliases: 'MAX_ALIASES',
  tokens: 'MAX_TOKENS',
  directives: 'MAX_DIRECTIVES',
  cost: 'MAX_COST',
};

function limitSetFromEnv(env: NodeJS.ProcessEnv, prefix: string, defaults: LimitSet): LimitSet {
  const set = { ...defaults };
  for (const limit of OPERATION_LIMITS)
    set[limit] = wholeNumberFromEnv(env, `${prefix}${ENV_NAMES[limit]}`, defaults[limit]);
  return set;
}

/**
 * LIMIT_MAX_DEPTH, LIMIT_MAX_ALIASES, LIMIT_MAX_TOKENS, LIMIT_MAX_DIRECTIVES, LIMIT_MAX_COST; the
 * same with LIMIT_INTERNAL_ for internal callers; LIMIT_DEFAULT_LIST_SIZE for unpaged lists. The
 * internal set is never lower than the public one.
 */
export function operationLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): OperationLimitsConfig {
  const publicSet = limitSetFromEnv(env, 'LIMIT_', DEFAULT_PUBLIC_LIMITS);
  const internal = limitSetFromEnv(env, 'LIMIT_INTERNAL_', DEFAULT_INTERNAL_LIMITS);
  for (const limit of OPERATION_LIMITS) internal[limit] = Math.max(internal[limit], publicSet[limit]);
  return {
    public: publicSet,
    internal,
    listCost: {
      maxPageSize: MAX_PAGE_SIZE,
      defaultListSize: wholeNumberFromEnv(env, 'LIMIT_DEFAULT_LIST_SIZE', DEFAULT_LIST_SIZE),
    },
  };
}

function describe(limit: LimitName, value: number, maximum: number): string {
  switch (limit) {
    case 'depth':
      return `The operation nests fields ${value} levels deep; at most ${maximum} are allowed`;
    case 'aliases':
      return `The operation uses ${value} aliases; at most ${maximum} are allowed`;
    case 'tokens':
      return `The operation has ${value} tokens; at most ${maximum} are allowed`;
    case 'directives':
      return `The operation uses ${value} directives; at most ${maximum} are allowed`;
    case 'cost':
      return (
        `The operation's estimated cost is ${value}; at most ${maximum} is allowed ` +
        '(a list counts as many times as its page size: ask for smaller pages or fewer nested lists)'
      );
    case 'body':
      return `The request body has ${value} bytes; at most ${maximum} are allowed`;
  }
}

/** The refusal of an operation over a limit: HTTP 400 (413 for the body), before any planning. */
export function operationLimitExceeded(limit: LimitName, value: number, maximum: number): GraphQLError {
  return new GraphQLError(describe(limit, value, maximum), {
    extensions: {
      code: ErrorCode.OPERATION_LIMIT_EXCEEDED,
      limit,
      value,
      maximum,
      http: { status: limit === 'body' ? 413 : 400 },
    },
  });
}

/** The first limit (in the order of OPERATION_LIMITS) an operation's values go over, if any. */
export function exceededLimit(
  limits: LimitSet,
  values: Record<OperationLimit, number>,
): { limit: OperationLimit; value: number; maximum: number } | undefined {
  const limit = OPERATION_LIMITS.find((name) => values[name] > limits[name]);
  return limit ? { limit, value: values[limit], maximum: limits[limit] } : undefined;
}
