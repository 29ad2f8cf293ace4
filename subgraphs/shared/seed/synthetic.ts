/**
 * Deterministic generated records for load tests, built from real ones so they use the real
 * vocabulary. Every generated record says what it is in its title and notes.
 */
const SYNTHETIC_NOTE =
  'Synthetisch erzeugter Datensatz für Last- und N+1-Tests; keine reale Maßnahme. ' +
  'Generated for load tests; not a real record.';

/**
 * What a generated record says about its sourcing: no facts, no sources, not verified, and a note
 * that it is generated. Fresh arrays each time, so no two records share one.
 */
export function unsourced(): { facts: string[]; notes: string; sources: string[]; verified: false } {
  return { facts: [], notes: SYNTHETIC_NOTE, sources: [], verified: false };
}

export function syntheticId(prefix: string, index: number): string {
  return `${prefix}synthetic-${String(index + 1).padStart(6, '0')}`;
}

/** Copies of `base` cycled to `count`, each made into a new record (id, title, …) by `make`. */
export function cycle<T>(base: readonly T[], count: number, make: (template: T, index: number) => T): T[] {
  if (base.length === 0 || count <= 0) return [];
  return Array.from({ length: count }, (_, i) => make(base[i % base.length] as T, i));
}
