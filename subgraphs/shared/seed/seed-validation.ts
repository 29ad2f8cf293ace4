import { toGuidelineTargetGroups } from '../catalogue/target-group-crosswalk';
import { TARGET_GROUP_CODES, type TargetGroupCode } from '../catalogue/vocabulary';
import type { DirectTargetGroup } from './seed-types';

/**
 * Seed files are edited by hand; these checks turn a typo into a clear error naming the record
 * and field instead of a row that silently drops out of a filter.
 */
export function assertOneOf<T extends string>(
  recordId: string,
  field: string,
  value: string,
  allowed: readonly T[],
): asserts value is T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(`Seed record ${recordId}: ${field} "${value}" is not one of ${allowed.join(', ')}`);
  }
}

export function assertAllOf<T extends string>(
  recordId: string,
  field: string,
  values: readonly string[],
  allowed: readonly T[],
): asserts values is T[] {
  for (const value of values) assertOneOf(recordId, field, value, allowed);
}

/** The guideline target groups of a seed record: crosswalked fine-grained codes plus direct ones. */
export function seedTargetGroups(
  recordId: string,
  detailed: readonly string[],
  direct: readonly DirectTargetGroup[] = [],
): TargetGroupCode[] {
  const codes = direct.map((d) => d.code);
  assertAllOf(recordId, 'additionalTargetGroups', codes, TARGET_GROUP_CODES);
  try {
    return toGuidelineTargetGroups(detailed, codes, TARGET_GROUP_CODES);
  } catch (error) {
    throw new Error(`Seed record ${recordId}: ${(error as Error).message}`);
  }
}

/** Splits rows into statements of at most `size` rows, so large synthetic seeds stay bounded. */
export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < rows.length; i += size) result.push(rows.slice(i, i + size));
  return result;
}
