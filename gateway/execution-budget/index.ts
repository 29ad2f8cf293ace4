/**
 * The execution budget: how long one request to /graphql may run, planning and every subgraph
 * call included (budget.ts), and the Apollo handler that gives up on it when the time is out
 * (budgeted-handler.ts).
 */
export { ExecutionBudgetExceeded, executionBudgetFromEnv, withinBudget, type ExecutionBudget } from './budget';
export { budgetedApolloHandler } from './budgeted-handler';
