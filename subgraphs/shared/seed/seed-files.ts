import { readFileSync } from 'node:fs';

/** Reads a seed JSON file shipped with a subgraph. */
export function readSeedFile<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
