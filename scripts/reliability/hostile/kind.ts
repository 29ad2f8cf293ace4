/** What a hostile kind is, and the ways an answer can be the one a hub fit for the public gives. */
import { errorCodes, parseGraphql, type Answer } from '../http';
import type { Hub } from '../hub-process';

export interface HostileContext {
  hub: Hub;
  deadlineMs: number;
  /** Bounds of the connection attacks: slow headers (and holding idle connections), slow body. */
  slowMaxMs: number;
  slowBodyMaxMs: number;
  idleCount: number;
}

export interface HostileKind {
  name: string;
  /** Connection attacks that take the whole bound: run alongside one another, after the others. */
  slow?: true;
  /**
   * What a hub fit for the public answers, in words (shown in the report); `{slowMaxMs}` and
   * `{slowBodyMaxMs}` stand for this run's bounds.
   */
  expected: string;
  run(ctx: HostileContext): Promise<Answer & { note?: string }>;
  /** Whether the answer is the expected one. */
  ok(answer: Answer & { note?: string }): boolean;
}

export const is4xx = (a: Answer) => a.status !== null && a.status >= 400 && a.status < 500;
export const isStatus =
  (...statuses: number[]) =>
  (a: Answer) =>
    a.status !== null && statuses.includes(a.status);
/** No 5xx and no INTERNAL_SERVER_ERROR: a client mistake may also be a 200 with a GraphQL error. */
export const noServerError = (a: Answer) =>
  a.status !== null && a.status < 500 && !errorCodes(parseGraphql(a)).includes('INTERNAL_SERVER_ERROR');
/** Refused: 4xx, or 200 with errors and no data (never the data). */
export const refused = (a: Answer) => {
  if (is4xx(a)) return true;
  const body = parseGraphql(a);
  return a.status === 200 && (body?.data === null || body?.data === undefined) && (body?.errors?.length ?? 0) > 0;
};
export const unauthenticated = (a: Answer) =>
  isStatus(401, 403)(a) || errorCodes(parseGraphql(a)).some((c) => c === 'UNAUTHENTICATED' || c === 'FORBIDDEN');
