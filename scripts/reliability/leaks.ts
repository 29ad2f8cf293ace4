/**
 * The leak detector: what an answer must never show an outsider. Applied to bodies and header
 * values of every answer the reliability run receives. Pure, so the unit test can feed it text.
 */

export type LeakKind = 'stack trace' | 'file path' | 'internal address' | 'SQL';

export interface Leak {
  kind: LeakKind;
  /** Where it was found: "body" or "header <name>". */
  where: string;
  /** The matching text with a little context, shortened. */
  excerpt: string;
}

export interface LeakContext {
  /** Ports of the subgraphs and of PostgreSQL: an outsider must not learn them. */
  internalPorts: readonly number[];
  /** Absolute folders of this run (the repository, the temporary data folder). */
  internalPaths: readonly string[];
}

interface Pattern {
  kind: LeakKind;
  regex: RegExp;
}

const FIXED: Pattern[] = [
  // V8 frames: "at fn (/x/y.ts:12:3)", "at /x/y.js:1:2", "at async fn (node:internal/…:1:2)".
  { kind: 'stack trace', regex: /\bat (?:async )?(?:[\w$.<>[\] ]+ )?\(?(?:\/|node:|file:)[^\s()]*:\d+(?::\d+)?\)?/ },
  // Not inside a URL: "example.org/home/" is a web address, not this machine's home folder.
  { kind: 'file path', regex: /(?<![\w.-])\/(?:work|home|root|srv|opt)\/|node_modules|\b[\w-]+\.tsx?:\d+/ },
  { kind: 'internal address', regex: /\bE(?:CONNREFUSED|CONNRESET|ADDRINUSE|HOSTUNREACH|PIPE)\b|\bsocket hang up\b/ },
  {
    kind: 'SQL',
    regex:
      /\bSELECT\s+[\w"*.,\s]+\s+FROM\s+"?\w|\bINSERT\s+INTO\s+"?\w|\bUPDATE\s+"?\w+"?\s+SET\b|\bDELETE\s+FROM\s+"?\w|\brelation "[^"]+" does not exist|\bsyntax error at or near\b|\bduplicate key value violates\b|\bQueryFailedError\b|\bpg_catalog\b/i,
  },
];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function patternsFor(context: LeakContext): Pattern[] {
  const patterns = [...FIXED];
  if (context.internalPorts.length > 0) {
    const ports = context.internalPorts.join('|');
    patterns.push({
      kind: 'internal address',
      regex: new RegExp(`(?:127\\.0\\.0\\.1|localhost|\\[::1\\]|0\\.0\\.0\\.0):(?:${ports})\\b`),
    });
  }
  for (const folder of context.internalPaths) {
    if (folder.length > 1) patterns.push({ kind: 'file path', regex: new RegExp(escape(folder)) });
  }
  return patterns;
}

function excerptAround(text: string, index: number, length: number): string {
  const start = Math.max(0, index - 40);
  const end = Math.min(text.length, index + length + 40);
  return text.slice(start, end).replace(/\s+/g, ' ').slice(0, 160);
}

/** Every kind of leak in one text (one finding per kind: the first match). */
export function findLeaksInText(text: string, where: string, context: LeakContext): Leak[] {
  const leaks: Leak[] = [];
  const seen = new Set<LeakKind>();
  for (const { kind, regex } of patternsFor(context)) {
    if (seen.has(kind)) continue;
    const match = regex.exec(text);
    if (!match) continue;
    seen.add(kind);
    leaks.push({ kind, where, excerpt: excerptAround(text, match.index, match[0].length) });
  }
  return leaks;
}

/** Leaks in an answer's body and in each of its header values. */
export function findLeaks(
  body: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  context: LeakContext,
): Leak[] {
  const leaks = findLeaksInText(body, 'body', context);
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join('\n') : value;
    leaks.push(...findLeaksInText(text, `header ${name}`, context));
  }
  return leaks;
}
