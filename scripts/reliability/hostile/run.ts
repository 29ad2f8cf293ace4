/** Sends every hostile kind once, one after another, and classifies each answer. */
import { errorCodes, parseGraphql, type Answer } from '../http';
import { findLeaks, type Leak, type LeakContext } from '../leaks';
import { HOSTILE_KINDS } from './catalogue';
import type { HostileContext, HostileKind } from './kind';

export interface HostileResult {
  name: string;
  expected: string;
  /** HTTP status, or null when no answer came. */
  status: number | null;
  ms: number;
  hang: boolean;
  /** GraphQL error codes in the answer. */
  codes: string[];
  /** A 5xx, or INTERNAL_SERVER_ERROR in the body. */
  serverError: boolean;
  leaks: Leak[];
  asExpected: boolean;
  /** A client-side error, or what a connection attack observed. */
  note: string;
}

export function classify(
  kind: { name: string; expected: string; ok(a: Answer & { note?: string }): boolean },
  answer: Answer & { note?: string },
  leakContext: LeakContext,
): HostileResult {
  const codes = errorCodes(parseGraphql(answer));
  return {
    name: kind.name,
    expected: kind.expected,
    status: answer.status,
    ms: answer.ms,
    hang: answer.hang,
    codes,
    serverError: (answer.status !== null && answer.status >= 500) || codes.includes('INTERNAL_SERVER_ERROR'),
    leaks: findLeaks(answer.body, answer.headers, leakContext),
    asExpected: !answer.hang && kind.ok(answer),
    note: answer.note ?? answer.error ?? '',
  };
}

export async function runHostile(
  ctx: HostileContext,
  leakContext: LeakContext,
  log: (line: string) => void,
): Promise<HostileResult[]> {
  const results: HostileResult[] = [];
  const report = (result: HostileResult) => {
    results.push(result);
    const flags = [
      result.serverError ? '5xx/INTERNAL' : '',
      result.leaks.length > 0 ? `leak: ${result.leaks.map((l) => l.kind).join(', ')}` : '',
      result.hang ? 'HANG' : '',
      result.asExpected ? '' : 'not as expected',
    ].filter(Boolean);
    log(
      `  ${result.name.padEnd(60).slice(0, 60)} ${String(result.status ?? '—').padStart(3)} ${result.ms.toFixed(0).padStart(6)} ms ` +
        `${result.codes.join(',')}${flags.length ? `  ← ${flags.join('; ')}` : ''}${result.note ? `  (${result.note})` : ''}`,
    );
  };
  const runOne = async (kind: HostileKind): Promise<HostileResult> => {
    let answer: Answer & { note?: string };
    try {
      answer = await kind.run(ctx);
    } catch (error) {
      answer = {
        status: null,
        headers: {},
        body: '',
        ms: 0,
        hang: false,
        error: `run failed: ${(error as Error).message}`,
      };
    }
    const expected = kind.expected
      .replace('{slowMaxMs}', `${(ctx.slowMaxMs / 1000).toFixed(0)} s`)
      .replace('{slowBodyMaxMs}', `${(ctx.slowBodyMaxMs / 1000).toFixed(0)} s`);
    return classify({ ...kind, expected }, answer, leakContext);
  };
  for (const kind of HOSTILE_KINDS.filter((k) => !k.slow)) report(await runOne(kind));
  // The connection attacks each wait out their bound: together, they take it once.
  const slow = HOSTILE_KINDS.filter((k) => k.slow);
  log(
    `  ${slow.length} connection attacks alongside one another (up to ${(Math.max(ctx.slowMaxMs, ctx.slowBodyMaxMs) / 1000).toFixed(0)} s)…`,
  );
  for (const result of await Promise.all(slow.map(runOne))) report(result);
  return results;
}
