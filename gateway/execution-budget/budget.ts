import { ErrorCode } from '../../subgraphs/shared/platform/errors';
import { wholeNumberFromEnv } from '../../subgraphs/shared/platform/env-number';

export interface ExecutionBudget {
  /** Longest a query may run, planning and every subgraph call included. */
  queryMs: number;
  /**
   * Longest a mutation may run: above SUBGRAPH_WRITE_TIMEOUT_MS, because a write cut off while
   * the subgraph still commits leaves the client unsure whether it happened.
   */
  mutationMs: number;
}

/**
 * GATEWAY_EXECUTION_BUDGET_MS (default 15 000: three times the 5 s subgraph timeout, so a query
 * whose subgraph calls run one after another in a plan still ends normally) and
 * GATEWAY_WRITE_EXECUTION_BUDGET_MS (default: the write timeout plus 10 s).
 */
export function executionBudgetFromEnv(env: NodeJS.ProcessEnv, writeTimeoutMs: number): ExecutionBudget {
  const queryMs = wholeNumberFromEnv(env, 'GATEWAY_EXECUTION_BUDGET_MS', 15_000);
  return { queryMs, mutationMs: wholeNumberFromEnv(env, 'GATEWAY_WRITE_EXECUTION_BUDGET_MS', writeTimeoutMs + 10_000) };
}

export class ExecutionBudgetExceeded extends Error {
  readonly statusCode = 503;
  readonly extensions: { code: string; budgetMs: number };
  constructor(readonly budgetMs: number) {
    super(`The request took longer than the gateway's budget of ${budgetMs} ms and was given up`);
    this.extensions = { code: ErrorCode.EXECUTION_BUDGET_EXCEEDED, budgetMs };
    this.name = 'ExecutionBudgetExceeded';
  }
}

/**
 * The answer of `work`, or ExecutionBudgetExceeded once the budget has run out. Whether the
 * operation is a mutation is known only once Apollo has parsed it, so the query budget is
 * checked first and a mutation then gets the rest of its own. The work itself keeps running to
 * its end (every subgraph call has its own timeout); its late result is dropped, and the timer
 * is cleared either way, so nothing is left behind.
 */
export function withinBudget<T>(work: Promise<T>, budget: ExecutionBudget, isMutation: () => boolean): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout;
    const expire = (elapsedMs: number) => {
      if (isMutation() && elapsedMs < budget.mutationMs) {
        timer = setTimeout(() => expire(budget.mutationMs), budget.mutationMs - elapsedMs);
        return;
      }
      reject(new ExecutionBudgetExceeded(isMutation() ? budget.mutationMs : budget.queryMs));
    };
    timer = setTimeout(() => expire(budget.queryMs), budget.queryMs);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
