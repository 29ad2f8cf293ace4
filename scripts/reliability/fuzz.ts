/**
 * Sends the generated operations (fuzz-ops.ts) anonymously with modest concurrency and counts the
 * answers by status and error code. A 5xx, an INTERNAL_SERVER_ERROR, a hang or a leak is a
 * finding; the first few operations that caused one are kept for the report.
 */
import type { GraphQLSchema } from 'graphql';
import { summarize, type LatencySummary } from '../bench/stats';
import { generateOperations, type FuzzOperation } from './fuzz-ops';
import { errorCodes, keepAlivePool, parseGraphql, postGraphql, type Answer } from './http';
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
  const tally = new FuzzTally(leakContext);
  let next = 0;
  const started = performance.now();
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
      tally.record(op, answer);
      if (tally.done % 1000 === 0) log(`  fuzz: ${tally.done} of ${operations.length} answered`);
    },
  );
  await pool.close();
  return {
    seed: options.seed,
    operations: operations.length,
    sent: tally.done,
    maxSeconds: options.maxSeconds,
    concurrency: options.concurrency,
    valid: operations.filter((o) => o.valid).length,
    seconds: (performance.now() - started) / 1000,
    latency: summarize(tally.times),
    byStatus: tally.byStatus,
    byCode: tally.byCode,
    validWithData: tally.validWithData,
    serverErrors: tally.serverErrors,
    hangs: tally.hangs,
    leaks: tally.leaks,
    findings: tally.findings,
  };
}

/** The answers counted by status, error code and finding; the first few findings kept whole. */
class FuzzTally {
  readonly byStatus: Record<string, number> = {};
  readonly byCode: Record<string, number> = {};
  readonly findings: FuzzFinding[] = [];
  readonly times: number[] = [];
  serverErrors = 0;
  hangs = 0;
  leaks = 0;
  validWithData = 0;
  done = 0;

  constructor(private readonly leakContext: LeakContext) {}

  record(op: FuzzOperation, answer: Answer): void {
    this.times.push(answer.ms);
    const statusKey = answer.status === null ? (answer.hang ? 'no answer (hang)' : 'no answer') : String(answer.status);
    this.byStatus[statusKey] = (this.byStatus[statusKey] ?? 0) + 1;
    const body = parseGraphql(answer);
    const codes = errorCodes(body);
    for (const code of codes.length > 0 ? codes : ['none']) this.byCode[code] = (this.byCode[code] ?? 0) + 1;
    if (op.valid && answer.status === 200 && body?.data && codes.length === 0) this.validWithData += 1;
    if (answer.hang) {
      this.hangs += 1;
      this.note(op, 'no answer within the deadline', null, '');
    } else if ((answer.status !== null && answer.status >= 500) || codes.includes('INTERNAL_SERVER_ERROR')) {
      this.serverErrors += 1;
      this.note(
        op,
        answer.status !== null && answer.status >= 500 ? `HTTP ${answer.status}` : 'INTERNAL_SERVER_ERROR',
        answer.status,
        answer.body,
      );
    }
    const found = findLeaks(answer.body, answer.headers, this.leakContext);
    if (found.length > 0) {
      this.leaks += 1;
      this.note(op, `leak: ${found.map((l) => `${l.kind} (${l.excerpt})`).join('; ')}`, answer.status, answer.body);
    }
    this.done += 1;
  }

  private note(op: FuzzOperation, problem: string, status: number | null, answer: string): void {
    if (this.findings.length < KEEP_FINDINGS) {
      this.findings.push({
        problem,
        status,
        operation: op.query.length > 600 ? `${op.query.slice(0, 600)}…` : op.query,
        variables: JSON.stringify(op.variables).slice(0, 300),
        answer: answer.slice(0, 400),
      });
    }
  }
}
