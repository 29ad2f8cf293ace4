import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind, OperationTypeNode, visit, type DocumentNode } from 'graphql';
import { ErrorCode } from '../../subgraphs/shared/platform/errors';
import { exceededLimit, operationLimitExceeded, type LimitName, type OperationLimitsConfig } from './limit-sets';
import { measureDocument, operationCost, VariablesRefused } from './measure';
import { inspectVariables, MAX_VARIABLE_DEPTH } from './variables';

export interface OperationLimitsPluginOptions<C> {
  config: OperationLimitsConfig;
  /** Whether the caller gets the internal limit set (a token with the role `internal`). */
  isInternal: (context: C) => boolean;
  /** Called once per refusal (metrics). */
  onRefusal?: (limit: LimitName) => void;
}

/** A client's mistake in the request itself: HTTP 400 with a message saying what to change. */
export function badRequest(message: string, code: string = ErrorCode.BAD_REQUEST): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

const NUL = '\u0000';

const documentsWithNul = new WeakMap<DocumentNode, boolean>();

function documentHasNul(document: DocumentNode): boolean {
  let found = documentsWithNul.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      [Kind.STRING](node) {
        if (node.value.includes(NUL)) found = true;
      },
    });
    documentsWithNul.set(document, found);
  }
  return found;
}

/**
 * Checks every operation before the gateway plans it: refuses what no client can mean (no
 * operation by that name, several without operationName, a subscription, a NUL character the
 * databases cannot store) with HTTP 400, and what is too large for the caller's limit set with
 * OPERATION_LIMIT_EXCEEDED. Runs in didResolveOperation, which Apollo calls for every request,
 * also for a text whose parsed document came from its cache, so an operation cached for an
 * internal caller is still measured against the public limits for everyone else.
 */
export function operationLimitsPlugin<C extends BaseContext>(
  options: OperationLimitsPluginOptions<C>,
): ApolloServerPlugin<C> {
  const { config } = options;
  const refuse = (limit: LimitName, value: number, maximum: number) => {
    options.onRefusal?.(limit);
    return operationLimitExceeded(limit, value, maximum);
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, source, schema, contextValue }) {
          if (!operation) {
            throw badRequest(
              request.operationName
                ? `The document has no operation named "${request.operationName.slice(0, 100)}"`
                : 'The document has several operations: say which to run with operationName',
            );
          }
          if (operation.operation === OperationTypeNode.SUBSCRIPTION) {
            throw badRequest('Subscriptions are not supported: ask with a query, and again for news');
          }
          const limits = options.isInternal(contextValue) ? config.internal : config.public;
          const measures = measureDocument(schema, document, source);
          // Cheap checks first: the cost estimate walks the whole operation with its variables.
          const textOver = exceededLimit(limits, { ...measures, cost: 0 });
          if (textOver) throw refuse(textOver.limit, textOver.value, textOver.maximum);
          const variablesProblem = inspectVariables(request.variables);
          if (variablesProblem === 'deep') {
            throw badRequest(
              `Variables must not nest deeper than ${MAX_VARIABLE_DEPTH} levels`,
              ErrorCode.BAD_USER_INPUT,
            );
          }
          if (documentHasNul(document) || variablesProblem === 'nul') {
            throw badRequest('Text must not contain the NUL character (U+0000)', ErrorCode.BAD_USER_INPUT);
          }
          let cost: number | undefined;
          try {
            cost = operationCost(schema, document, {
              operationName: operation.name?.value,
              variables: request.variables,
              listCost: config.listCost,
            });
          } catch (error) {
            // The variables do not fit their declarations: the operation cannot run anyway.
            if (error instanceof VariablesRefused) throw badRequest(error.message, ErrorCode.BAD_USER_INPUT);
            throw error;
          }
          // undefined: so many nodes that the estimate gave up, more than any limit allows.
          const value = cost ?? limits.cost + 1;
          if (value > limits.cost) throw refuse('cost', value, limits.cost);
        },
      };
    },
  };
}
