import { readFileSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const REGISTRY_PATH = path.join(REPO_ROOT, 'schema', 'subgraphs.json');
export const SUPERGRAPH_PATH = path.join(REPO_ROOT, 'schema', 'supergraph.graphql');

export interface RegistryEntry {
  name: string;
  routingUrl: string;
  /** Default port when the hub starts the subgraph locally. */
  port: number;
  /** Path of the subgraph's schema file, relative to the repository root. */
  schemaFile: string;
  owner: string;
  contact: string;
}

export function readRegistry(file = REGISTRY_PATH): RegistryEntry[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { subgraphs?: RegistryEntry[] };
  if (!Array.isArray(parsed.subgraphs)) throw new Error(`${file}: expected a "subgraphs" array`);
  return parsed.subgraphs;
}

/** `SUBGRAPH_FEDERAL_URL` and friends override a registry routing URL at run time. */
export function routingUrlEnvName(subgraph: string): string {
  return `SUBGRAPH_${subgraph.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
}
