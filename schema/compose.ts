/**
 * Composes the supergraph from the registry and the subgraphs' schema files.
 *   npm run compose            writes schema/supergraph.graphql
 *   npm run compose -- --check exits 1 when the committed file is stale
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { withVocabulary } from './vocabulary-sdl';
import { readRegistry, schemaPath, SUPERGRAPH_PATH, writeFileAtomically, type RegistryEntry } from './registry';

export interface SubgraphSource {
  name: string;
  url: string;
  /** The subgraph's SDL; the shared vocabulary is added when it does not define it. */
  sdl: string;
}

export type CompositionResult = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

/** Composes subgraphs with Apollo's composition (the same the gateway's supergraph needs). */
export function compose(sources: readonly SubgraphSource[]): CompositionResult {
  let result: ReturnType<typeof composeServices>;
  try {
    result = composeServices(
      sources.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(withVocabulary(s.sdl)) })),
    );
  } catch (error) {
    return { ok: false, errors: [(error as Error).message] };
  }
  if (result.errors) return { ok: false, errors: result.errors.map((e) => e.message) };
  return { ok: true, supergraphSdl: `${result.supergraphSdl.trimEnd()}\n` };
}

export function sourcesOf(entries: readonly RegistryEntry[]): SubgraphSource[] {
  return entries.map((e) => ({ name: e.name, url: e.routingUrl, sdl: readFileSync(schemaPath(e), 'utf8') }));
}

export function composeSupergraph(entries: readonly RegistryEntry[] = readRegistry()): string {
  const result = compose(sourcesOf(entries));
  if (!result.ok) throw new Error(`Composition failed:\n${result.errors.map((e) => `- ${e}`).join('\n')}`);
  return result.supergraphSdl;
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
  writeFileAtomically(SUPERGRAPH_PATH, supergraph);
  console.log(`Wrote ${path.relative(process.cwd(), SUPERGRAPH_PATH)}`);
}

if (require.main === module) main();
