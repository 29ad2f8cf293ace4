/**
 * Deterministic generated records for load tests, built from real ones so they use the real
 * vocabulary. Every generated record says what it is in its title and notes.
 */
export const SYNTHETIC_NOTE =
  'Synthetisch erzeugter Datensatz für Last- und N+1-Tests; keine reale Maßnahme. ' +
  'Generated for load tests; not a real record.';

export function syntheticId(prefix: string, index: number): string {
  return `${prefix}synthetic-${String(index + 1).padStart(6, '0')}`;
}

/** Copies of `base` cycled to `count`, each given an id and a title by `rename`. */
export function cycle<T>(base: readonly T[], count: number, make: (template: T, index: number) => T): T[] {
  if (base.length === 0 || count <= 0) return [];
  return Array.from({ length: count }, (_, i) => make(base[i % base.length] as T, i));
}
