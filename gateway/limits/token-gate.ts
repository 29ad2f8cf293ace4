import type { FastifyRequest } from 'fastify';
import { operationLimitExceeded } from './limit-sets';
import { countTokens } from './measure';
import type { GraphQLError } from 'graphql';

/** The operation text of a POST body or a GET query string, if there is one. */
function operationText(request: FastifyRequest): string | undefined {
  const source: unknown = request.method === 'GET' ? request.query : request.body;
  if (typeof source !== 'object' || source === null || !('query' in source)) return undefined;
  return typeof source.query === 'string' ? source.query : undefined;
}

/**
 * Counts the tokens of the operation text before Apollo parses and validates it, so a huge text
 * (thousands of aliases or repeated fields) costs a lexer pass and not a parse and validation.
 * A text Apollo takes from its persisted-query store passed the limits when it was registered
 * and is measured again per caller in the limits plugin.
 */
export async function tokenLimitRefusal(
  request: FastifyRequest,
  maximumFor: (request: FastifyRequest) => Promise<number>,
): Promise<GraphQLError | undefined> {
  const text = operationText(request);
  if (text === undefined) return undefined;
  const maximum = await maximumFor(request);
  const tokens = countTokens(text, maximum);
  if (tokens <= maximum) return undefined;
  // Counting stopped right past the maximum: the full count is only known for reasonable texts.
  return operationLimitExceeded('tokens', countTokens(text), maximum);
}
