/**
 * Sends the generated operations (fuzz-ops.ts) anonymously with modest concurrency and counts the
 * answers by status and error code. A 5xx, an INTERNAL_SERVER_ERROR, a hang or a leak is a
 * finding; the first few operations that caused one are kept for the report.
 */
import type { GraphQLSchema } from 'graphql';
import { summarize, type LatencySummary } from '../bench/stats';
import { generateOperations, type FuzzOperation } from './fuzz-ops';
import { errorCodes, keepAlivePool, parseGraphql, postGraphql } from './http';
import { findLeaks, type LeakContext } from './leaks';
import { runWorkers } from './load-loop';

export interface FuzzFinding {
  problem: string;
  status: number | null;
  operation: string;
  variables: string;
  answer: string;
}

export interface FuzzResult {
  seed: number;
  /** Operations generated; `sent` of them were sent before the time bound. */
  operations: number;
  sent: number;
  maxSeconds: number;
  valid: number;
  concurrency: number;
  seconds: number;
  /** Per answer, ms. */
  latency: LatencySummary;
  /** "200", "400", … and "no answer" → count. */
  byStatus: Record<string, number>;
  /** Error code (or "none" for an answer without errors) → count. */
  byCode: Record<string, number>;
  /** Valid operations answered with data and without errors. */
  validWithData: number;
  serverErrors: number;
  hangs: number;
  leaks: number;
  findings: FuzzFinding[];
}

const KEEP_FINDINGS = 5;

export async function runFuzz(
  schema: GraphQLSchema,
  url: string,
  options: { seed: number; count: number; concurrency: number; deadlineMs: number; maxSeconds: number },
  leakContext: LeakContext,
  log: (line: string) => void,
): Promise<FuzzResult> {
  const operations = generateOperations(schema, options.seed, options.count);
  const pool = keepAlivePool(new URL(url).origin, options.concurrency);
  const byStatus: Record<string, number> = {};
  const byCode: Record<string, number> = {};
  const findings: FuzzFinding[] = [];
  let serverErrors = 0;
  let hangs = 0;
  let leaks = 0;
  let validWithData = 0;
  let next = 0;
  let done = 0;
  const times: number[] = [];
  const started = performance.now();
  const note = (op: FuzzOperation, problem: string, status: number | null, answer: string) => {
    if (findings.length < KEEP_FINDINGS) {
      findings.push({
        problem,
        status,
        operation: op.query.length > 600 ? `${op.query.slice(0, 600)}…` : op.query,
        variables: JSON.stringify(op.variables).slice(0, 300),
        answer: answer.slice(0, 400),
      });
    }
  };
  await runWorkers(
    options.concurrency,
    () => next >= operations.length,
    async () => {
      const op = operations[next++];
      if (!op) return;
      const answer = await postGraphql(
        url,
        { query: op.query, variables: op.variables },
        {
          deadlineMs: options.deadlineMs,
          dispatcher: pool,
        },
      );
      times.push(answer.ms);
      const statusKey =
        answer.status === null ? (answer.hang ? 'no answer (hang)' : 'no answer') : String(answer.status);
      byStatus[statusKey] = (byStatus[statusKey] ?? 0) + 1;
      const body = parseGraphql(answer);
      const codes = errorCodes(body);
      for (const code of codes.length > 0 ? codes : ['none']) byCode[code] = (byCode[code] ?? 0) + 1;
      if (op.valid && answer.status === 200 && body?.data && codes.length === 0) validWithData += 1;
      if (answer.hang) {
        hangs += 1;
        note(op, 'no answer within the deadline', null, '');
      } else if ((answer.status !== null && answer.status >= 500) || codes.includes('INTERNAL_SERVER_ERROR')) {
        serverErrors += 1;
        note(
          op,
          answer.status !== null && answer.status >= 500 ? `HTTP ${answer.status}` : 'INTERNAL_SERVER_ERROR',
          answer.status,
          answer.body,
        );
      }
      const found = findLeaks(answer.body, answer.headers, leakContext);
      if (found.length > 0) {
        leaks += 1;
        note(op, `leak: ${found.map((l) => `${l.kind} (${l.excerpt})`).join('; ')}`, answer.status, answer.body);
      }
      done += 1;
      if (done % 1000 === 0) log(`  fuzz: ${done} of ${operations.length} answered`);
    },
  );
  await pool.close();
  return {
    seed: options.seed,
    operations: operations.length,
    sent: done,
    maxSeconds: options.maxSeconds,
    concurrency: options.concurrency,
    valid: operations.filter((o) => o.valid).length,
    seconds: (performance.now() - started) / 1000,
    latency: summarize(times),
    byStatus,
    byCode,
    validWithData,
    serverErrors,
    hangs,
    leaks,
    findings,
  };
}
