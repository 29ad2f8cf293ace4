/**
 * The writes of the PostgreSQL restart phase: a loop creating federal measures through the gateway
 * as an editor, counting every answer, and afterwards the read-back of every acknowledged one.
 */
import { errorCodes, keepAlivePool, parseGraphql, postGraphql } from './http';
import type { Hub } from './hub-process';
import { findLeaks, type LeakContext } from './leaks';
import { runWorkers } from './load-loop';
import { VALID_FEDERAL_MEASURE_FIELDS } from './valid-measure';

const CREATE = /* GraphQL */ `
  mutation ReliabilityWrite($input: FederalMeasureInput!) {
    createFederalMeasure(input: $input) {
      measure {
        id
      }
    }
  }
`;
const READ = 'query ReliabilityRead($id: ID!) { federalMeasure(id: $id) { id title } }';

/** What the write loop has counted so far. */
export interface WriteTally {
  /** Acknowledged writes: the new measure's id and when the answer came (performance.now()). */
  acknowledged: { id: string; at: number }[];
  attempted: number;
  failed: number;
  /** Error codes of the failed writes, with counts. */
  failureCodes: Record<string, number>;
  /** The first failed write's answer, cut. */
  failureSample: string;
  leaks: number;
  leakText: string | undefined;
}

/** Writes on `concurrency` connections until `finished()`; the tally fills as the answers come. */
export function startWriteLoop(
  hub: Hub,
  token: string,
  options: { concurrency: number; deadlineMs: number },
  leakContext: LeakContext,
  finished: () => boolean,
): { tally: WriteTally; done: Promise<void> } {
  const tally: WriteTally = {
    acknowledged: [],
    attempted: 0,
    failed: 0,
    failureCodes: {},
    failureSample: '',
    leaks: 0,
    leakText: undefined,
  };
  const pool = keepAlivePool(hub.origin, options.concurrency);
  const run = Date.now().toString(36);
  const loop = runWorkers(options.concurrency, finished, async () => {
    tally.attempted += 1;
    const n = tally.attempted;
    const answer = await postGraphql(
      hub.graphqlUrl,
      {
        query: CREATE,
        variables: { input: { title: `Zuverlässigkeitslauf ${run} Nr. ${n}`, ...VALID_FEDERAL_MEASURE_FIELDS } },
      },
      { token, deadlineMs: options.deadlineMs, dispatcher: pool },
    );
    const body = parseGraphql(answer);
    const id = (body?.data as { createFederalMeasure?: { measure?: { id?: string } } } | undefined)
      ?.createFederalMeasure?.measure?.id;
    if (answer.status === 200 && id && !body?.errors) {
      tally.acknowledged.push({ id, at: performance.now() });
    } else {
      tally.failed += 1;
      if (!tally.failureSample) tally.failureSample = (answer.body || answer.error || '').slice(0, 400);
      const leak = findLeaks(answer.body, answer.headers, leakContext)[0];
      if (leak) {
        tally.leaks += 1;
        tally.leakText ??= `${leak.kind}: ${leak.excerpt}`;
      }
      const key =
        answer.status === null
          ? (answer.error ?? 'no answer')
          : `${answer.status} ${errorCodes(body).join(',') || '–'}`;
      tally.failureCodes[key] = (tally.failureCodes[key] ?? 0) + 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  return { tally, done: loop.then(() => pool.close()) };
}

/** Reads every acknowledged write back (as the editor: a draft is not public). */
export async function readBack(
  hub: Hub,
  token: string,
  acknowledged: readonly { id: string }[],
  deadlineMs: number,
): Promise<{ unverified: number; lostIds: string[] }> {
  let unverified = 0;
  const lostIds: string[] = [];
  const reads = keepAlivePool(hub.origin, 4);
  const queue = [...acknowledged];
  await runWorkers(
    4,
    () => queue.length === 0,
    async () => {
      const item = queue.shift();
      if (!item) return;
      const answer = await postGraphql(
        hub.graphqlUrl,
        { query: READ, variables: { id: item.id } },
        { token, deadlineMs, dispatcher: reads },
      );
      const body = parseGraphql(answer);
      const found = (body?.data as { federalMeasure?: { id?: string } | null } | undefined)?.federalMeasure;
      if (answer.status !== 200 || body?.errors) unverified += 1;
      else if (!found) lostIds.push(item.id);
    },
  );
  await reads.close();
  return { unverified, lostIds };
}
