/**
 * Composes the supergraph from the registry and the subgraphs' schema files.
 *   npm run compose            writes schema/supergraph.graphql and schema/public.graphql
 *   npm run compose -- --check exits 1 when a committed file is stale
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { withVocabulary } from './vocabulary-sdl';
import { publicSchemaSdl } from './public-schema';
import {
  PUBLIC_SCHEMA_PATH,
  readRegistry,
  schemaPath,
  SUPERGRAPH_PATH,
  writeFileAtomically,
  type RegistryEntry,
} from './registry';

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
  const artifacts = [
    { file: SUPERGRAPH_PATH, content: supergraph },
    { file: PUBLIC_SCHEMA_PATH, content: publicSchemaSdl(supergraph) },
  ];
  for (const { file, content } of artifacts) {
    const name = path.relative(process.cwd(), file);
    if (!process.argv.includes('--check')) {
      writeFileAtomically(file, content);
      console.log(`Wrote ${name}`);
    } else if (!existsSync(file) || readFileSync(file, 'utf8') !== content) {
      console.error(`${name} is stale: run \`npm run compose\` and commit the result.`);
      process.exitCode = 1;
    } else console.log(`${name} is up to date.`);
  }
}

if (require.main === module) main();
