import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const REGISTRY_PATH = path.join(REPO_ROOT, 'schema', 'subgraphs.json');
export const SUPERGRAPH_PATH = path.join(REPO_ROOT, 'schema', 'supergraph.graphql');
/** The public contract: the API schema clients see (schema/public-schema.ts). */
export const PUBLIC_SCHEMA_PATH = path.join(REPO_ROOT, 'schema', 'public.graphql');
/** Where `npm run register` keeps the SDL of subgraphs that live outside this repository. */
export const SNAPSHOT_DIR = path.join(REPO_ROOT, 'schema', 'land-subgraphs');

export interface RegistryEntry {
  name: string;
  routingUrl: string;
  /** Default port when the hub starts the subgraph locally. */
  port?: number;
  /** The subgraph's SDL: relative to the repository root, or absolute. */
  schemaFile: string;
  owner: string;
  contact: string;
  /** `hub` (default): a subgraph of this repository. `land`: a Land's own subgraph. */
  kind?: 'hub' | 'land';
  /** For a Land subgraph: the Land's 2-digit ARS. Its namespace follows from it (09 → by). */
  land?: string;
}

export interface Registry {
  $comment?: string;
  subgraphs: RegistryEntry[];
}

export function readRegistryFile(file = REGISTRY_PATH): Registry {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Registry>;
  if (!Array.isArray(parsed.subgraphs)) throw new Error(`${file}: expected a "subgraphs" array`);
  return parsed as Registry;
}

export function readRegistry(file = REGISTRY_PATH): RegistryEntry[] {
  return readRegistryFile(file).subgraphs;
}

/** Writes beside the target and renames, so a watcher never reads a half-written file. */
export function writeFileAtomically(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

export function writeRegistry(registry: Registry, file = REGISTRY_PATH): void {
  writeFileAtomically(file, `${JSON.stringify(registry, null, 2)}\n`);
}

export function schemaPath(entry: Pick<RegistryEntry, 'schemaFile'>): string {
  return path.isAbsolute(entry.schemaFile) ? entry.schemaFile : path.join(REPO_ROOT, entry.schemaFile);
}

/** `SUBGRAPH_FEDERAL_URL` and friends override a registry routing URL at run time. */
export function routingUrlEnvName(subgraph: string): string {
  return `SUBGRAPH_${subgraph.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
}
