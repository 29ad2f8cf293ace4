import { GraphQLError } from 'graphql';
import type { Violation } from '../platform/errors';

export interface ImportRowError {
  /** 1 = first data row of the file. */
  row: number;
  rule: string;
  field: string | null;
  message: string;
}

export interface ImportReport {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportRowError[];
}

/** Collects problems row by row, so an import reports every bad row, not only the first. */
export class ImportErrors {
  readonly list: ImportRowError[] = [];

  add(row: number, rule: string, field: string | null, message: string): void {
    this.list.push({ row, rule, field, message });
  }

  addViolations(row: number, violations: readonly Violation[]): void {
    for (const v of violations) this.add(row, v.rule, v.field, v.message);
  }

  /**
   * Records an error a shared check threw (FORBIDDEN, NOT_FOUND, VALIDATION_FAILED, or
   * BAD_USER_INPUT naming its argument, e.g. a malformed ars) as a row error.
   */
  addThrown(row: number, error: unknown): void {
    if (!(error instanceof GraphQLError)) throw error;
    const ext = error.extensions as { code?: string; violations?: Violation[]; argumentName?: string };
    if (ext.violations) this.addViolations(row, ext.violations);
    else this.add(row, ext.code ?? 'ERROR', ext.argumentName ?? null, error.message);
  }
}

/** Every row needs an external id, used once: it is how re-running an import finds its rows. */
export function checkExternalIds(rows: readonly { externalId?: string | null }[], errors: ImportErrors): void {
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    const id = r.externalId?.trim();
    if (!id) errors.add(i + 1, 'EXTERNAL_ID_REQUIRED', 'externalId', 'Every imported row needs an externalId');
    else if (seen.has(id)) {
      errors.add(
        i + 1,
        'DUPLICATE_EXTERNAL_ID',
        'externalId',
        `externalId "${id}" is also used in row ${seen.get(id)}`,
      );
    } else seen.set(id, i + 1);
  });
}
