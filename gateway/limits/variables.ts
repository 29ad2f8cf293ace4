import type { FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../subgraphs/shared/platform/errors';

const NUL = '\u0000';

/** Deeper than any input type of the schema nests; a JSON variable deeper than this is refused. */
export const MAX_VARIABLE_DEPTH = 32;

/**
 * Walks the variables without recursion (a client can nest them thousands deep, which would
 * overflow the stack of a recursive walk): 'nul' when a string or key holds a NUL character,
 * 'deep' when they nest deeper than MAX_VARIABLE_DEPTH, undefined when they are fine.
 */
export function inspectVariables(variables: unknown): 'nul' | 'deep' | undefined {
  const pending: { value: unknown; depth: number }[] = [{ value: variables, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, depth } = next;
    if (typeof value === 'string') {
      if (value.includes(NUL)) return 'nul';
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= MAX_VARIABLE_DEPTH) return 'deep';
      for (const [key, child] of Object.entries(value)) {
        if (key.includes(NUL)) return 'nul';
        pending.push({ value: child, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/** The variables of a POST body, or of a GET query string (JSON text there). */
function requestVariables(request: FastifyRequest): unknown {
  const source: unknown = request.method === 'GET' ? request.query : request.body;
  if (typeof source !== 'object' || source === null || !('variables' in source)) return undefined;
  if (typeof source.variables !== 'string') return source.variables;
  try {
    return JSON.parse(source.variables) as unknown;
  } catch {
    return undefined; // Apollo answers malformed variables with its own 400.
  }
}

/**
 * Refuses variables nested deeper than any input type before anything walks them: the cache key
 * and Apollo both walk variables recursively, and thousands of levels overflow their stacks.
 */
export function variablesDepthRefusal(request: FastifyRequest): GraphQLError | undefined {
  if (inspectVariables(requestVariables(request)) !== 'deep') return undefined;
  return new GraphQLError(`Variables must not nest deeper than ${MAX_VARIABLE_DEPTH} levels`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
  });
}
