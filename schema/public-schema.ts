import { Supergraph } from '@apollo/federation-internals';
import { printSchema, type GraphQLSchema } from 'graphql';

/** The schema clients see: the supergraph without federation machinery (join__, link__, _entities). */
export function apiSchema(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/**
 * `schema/public.graphql`: the public contract as SDL, for frontend teams and code generators
 * (GraphQL Code Generator reads it as it is). Written next to the supergraph by `npm run compose`
 * and whenever a registration recomposes, so the two never disagree.
 */
export function publicSchemaSdl(supergraphSdl: string): string {
  return `${printSchema(apiSchema(supergraphSdl)).trimEnd()}\n`;
}
