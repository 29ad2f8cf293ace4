/**
 * The gateway's public schema, built from the composed supergraph the way the gateway builds it
 * (the API schema: no join__/link directives, no inaccessible parts). Read from the file rather
 * than by introspection so that the fuzz does not depend on introspection being open.
 */
import { readFileSync } from 'node:fs';
import type { GraphQLSchema } from 'graphql';
import { apiSchema } from '../../schema/public-schema';
import { SUPERGRAPH_PATH } from '../../schema/registry';

export function loadApiSchema(file = SUPERGRAPH_PATH): GraphQLSchema {
  return apiSchema(readFileSync(file, 'utf8'));
}
