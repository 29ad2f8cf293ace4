import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type DocumentNode } from 'graphql';

/** The shared vocabulary (target groups, areas, levels, …) that every subgraph's SDL starts with. */
export const VOCABULARY_SDL_PATH = path.resolve(__dirname, 'vocabulary.graphql');

/**
 * A subgraph's SDL with the shared vocabulary in front, unless it brings the vocabulary itself
 * (SDL fetched from a running subgraph, `_service { sdl }`, already contains it).
 */
export function withVocabulary(sdl: string): string {
  if (/^\s*enum\s+TargetGroupCode\b/m.test(sdl)) return sdl;
  return `${readFileSync(VOCABULARY_SDL_PATH, 'utf8')}\n${sdl}`;
}

/** The SDL a subgraph is built and composed from: the shared vocabulary plus its own file. */
export function subgraphSdl(schemaFile: string): string {
  return withVocabulary(readFileSync(schemaFile, 'utf8'));
}

export function loadTypeDefs(schemaFile: string): DocumentNode {
  return parse(subgraphSdl(schemaFile));
}
