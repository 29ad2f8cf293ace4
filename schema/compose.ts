/**
 * Composes the supergraph from the registry and the subgraphs' schema files.
 *   npm run compose            writes schema/supergraph.graphql
 *   npm run compose -- --check exits 1 when the committed file is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { subgraphSdl } from '../subgraphs/shared/subgraph-module';
import { readRegistry, REPO_ROOT, SUPERGRAPH_PATH, type RegistryEntry } from './registry';

export function composeSupergraph(entries: readonly RegistryEntry[] = readRegistry()): string {
  const result = composeServices(
    entries.map((e) => ({
      name: e.name,
      url: e.routingUrl,
      typeDefs: parse(subgraphSdl(path.join(REPO_ROOT, e.schemaFile))),
    })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((err) => `- ${err.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}

function main(): void {
  const supergraph = composeSupergraph();
  if (process.argv.includes('--check')) {
    const committed = readFileSync(SUPERGRAPH_PATH, 'utf8');
    if (committed !== supergraph) {
      console.error('schema/supergraph.graphql is stale: run `npm run compose` and commit the result.');
      process.exit(1);
    }
    console.log('schema/supergraph.graphql is up to date.');
    return;
  }
  writeFileSync(SUPERGRAPH_PATH, supergraph);
  console.log(`Wrote ${path.relative(process.cwd(), SUPERGRAPH_PATH)}`);
}

if (require.main === module) main();
