import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { Lexer, Source, TokenKind, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { listCostEstimator, type ListCostOptions } from './list-cost';

/** What an operation's text has, independent of its variables. */
export interface DocumentMeasures {
  depth: number;
  aliases: number;
  directives: number;
  tokens: number;
}

/**
 * Tokens of a GraphQL text, counted by graphql-js's lexer (comments do not count), without
 * parsing it: cheap enough to run on every request before Apollo does. Counting stops past
 * `stopAfter`; a text the lexer cannot read counts what it read (parsing refuses it anyway).
 */
export function countTokens(source: string, stopAfter = Number.POSITIVE_INFINITY): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      count += 1;
      if (count > stopAfter) break;
    }
  } catch {
    // A syntax error: Apollo answers it with GRAPHQL_PARSE_FAILED.
  }
  return count;
}

/** One measurement per parsed document: Apollo hands the same DocumentNode for a cached text. */
const measured = new WeakMap<DocumentNode, DocumentMeasures>();

/**
 * Depth, aliases and directives as graphql-armor counts them (fragments followed, the largest
 * operation of the document). The rules get no limit of their own (n = ∞) and report what they
 * found, so one measurement serves every limit set.
 */
export function measureDocument(schema: GraphQLSchema, document: DocumentNode, source: string): DocumentMeasures {
  const known = measured.get(document);
  if (known) return known;
  const result: DocumentMeasures = { depth: 0, aliases: 0, directives: 0, tokens: countTokens(source) };
  const record = (key: 'depth' | 'aliases' | 'directives') => [
    (_context: unknown, details: { n: number }) => {
      result[key] = Math.max(result[key], details.n);
    },
  ];
  const unbounded = { n: Number.POSITIVE_INFINITY, propagateOnRejection: false } as const;
  validate(schema, document, [
    maxDepthRule({ ...unbounded, onAccept: record('depth') }),
    maxAliasesRule({ ...unbounded, onAccept: record('aliases') }),
    maxDirectivesRule({ ...unbounded, onAccept: record('directives') }),
  ]);
  measured.set(document, result);
  return result;
}

export class VariablesRefused extends Error {}

/**
 * The estimated cost of the operation with its variables (graphql-query-complexity with the
 * list-size estimator). `undefined` when the estimate gave up because the operation has more
 * nodes than `maxNodes` (fragments spread over and over): such an operation is over any limit.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, options: CostOptions): number | undefined {
  // The estimate walks the whole operation (about 1.5 ms for the headline query): a client that
  // repeats an operation with the same variables — the usual case — pays it once per document.
  const key = `${options.operationName ?? ''}\u0000${JSON.stringify(options.variables ?? {})}`;
  let known = costs.get(document);
  if (known?.has(key)) return known.get(key);
  const cost = estimateCost(schema, document, options);
  if (!known) costs.set(document, (known = new Map<string, number | undefined>()));
  // A few variants per document; a client sending ever new variables only refills these.
  if (known.size >= COSTS_PER_DOCUMENT) known.delete(known.keys().next().value as string);
  known.set(key, cost);
  return cost;
}

interface CostOptions {
  operationName?: string | undefined;
  variables?: Record<string, unknown> | undefined;
  listCost: ListCostOptions;
}

const COSTS_PER_DOCUMENT = 32;
/** Per parsed document (Apollo hands the same DocumentNode for a cached text), as `measured`. */
const costs = new WeakMap<DocumentNode, Map<string, number | undefined>>();

function estimateCost(schema: GraphQLSchema, document: DocumentNode, options: CostOptions): number | undefined {
  try {
    return getComplexity({
      schema,
      query: document,
      estimators: [listCostEstimator(options.listCost)],
      ...(options.operationName ? { operationName: options.operationName } : {}),
      variables: options.variables ?? {},
      maxQueryNodes: 20_000,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes('maximum allowed number of nodes')) return undefined;
    throw new VariablesRefused(message);
  }
}
