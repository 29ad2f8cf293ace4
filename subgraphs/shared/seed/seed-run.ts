import type { EntityManager } from 'typeorm';
import type { SeedOptions } from '../server/subgraph-module';
import { upsertRows, type UpsertSpec } from './seed-writer';

/**
 * The generated records `options.synthetic[kind]` asks for, made by `generate`; undefined when the
 * seed run asks for none of that kind, so the generated rows of an earlier run stay as they are.
 */
export function askedSynthetic<T>(
  options: SeedOptions,
  kind: string,
  generate: (count: number) => T[],
): T[] | undefined {
  const count = options.synthetic?.[kind];
  return count === undefined ? undefined : generate(count);
}

/** Replaces all generated rows of a table with `rows` (none if empty); real rows are untouched. */
export async function replaceSyntheticRows(
  tx: EntityManager,
  spec: UpsertSpec,
  rows: readonly Record<string, unknown>[],
): Promise<number> {
  await tx.query(`DELETE FROM ${spec.table} WHERE synthetic`);
  return upsertRows(tx, spec, rows);
}
