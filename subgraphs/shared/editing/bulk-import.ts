import type { DataSource, EntityManager } from 'typeorm';
import type { Violation } from '../platform/errors';
import { checkExternalIds, ImportErrors, type ImportReport } from './import-report';
import type { OfferInput } from '../catalogue/offer-input';
import type { OfferRowBase } from '../catalogue/offer-sql';
import {
  changedColumns,
  insertVersioned,
  updateVersioned,
  type VersionedTable,
  type WriteActor,
} from './versioned-write';
import { requireSignedIn } from './write-guards';

/** What an import of one kind of measure needs from its subgraph. */
export interface ImportSpec<Row extends OfferRowBase, Input extends OfferInput> {
  table: VersionedTable<Row>;
  /** Loads and locks the measures with these external ids. */
  lockByExternalIds(tx: EntityManager, externalIds: string[]): Promise<Row[]>;
  /** The row's new state; throws FORBIDDEN, NOT_FOUND or BAD_USER_INPUT when it may not be written. */
  plan(input: Input, current: Row | null): Row;
  /** The rule violations of every planned row (references looked up once for all rows). */
  violations(tx: EntityManager, rows: readonly Row[]): Promise<Violation[][]>;
  /** Ids for new rows, unique among each other and the table. */
  freeIds(tx: EntityManager, rows: readonly Row[]): Promise<string[]>;
}

interface Planned<Row> {
  row: number;
  current: Row | null;
  next: Row;
}

/**
 * Bulk import, all or nothing: every row is checked first (external id, rights, the guideline's
 * rules, references) and every problem is reported with its row; only when there is none are
 * all rows written, in one transaction. Rows are matched to measures by `externalId`, so
 * importing the same file twice changes nothing the second time. When errors are reported the
 * counts are 0, because nothing is or would be written.
 */
export async function runImport<Row extends OfferRowBase, Input extends OfferInput>(
  db: DataSource,
  actor: WriteActor,
  inputs: readonly Input[],
  dryRun: boolean,
  spec: ImportSpec<Row, Input>,
): Promise<ImportReport> {
  requireSignedIn(actor.viewer);
  const errors = new ImportErrors();
  checkExternalIds(inputs, errors);

  return db.transaction(async (tx) => {
    const externalIds = inputs.map((r) => r.externalId?.trim()).filter((id): id is string => Boolean(id));
    // Locked until the import commits, so nobody changes a row between check and write.
    const existing = new Map((await spec.lockByExternalIds(tx, externalIds)).map((m) => [m.externalId as string, m]));
    const planned: Planned<Row>[] = [];
    inputs.forEach((input, i) => {
      const current = existing.get(input.externalId?.trim() ?? '') ?? null;
      try {
        if (current?.archivedAt) errors.add(i + 1, 'ARCHIVED', 'externalId', 'This row names an archived measure');
        planned.push({ row: i + 1, current, next: spec.plan(input, current) });
      } catch (error) {
        errors.addThrown(i + 1, error);
      }
    });
    const violations = await spec.violations(
      tx,
      planned.map((p) => p.next),
    );
    planned.forEach((p, n) => errors.addViolations(p.row, violations[n] ?? []));

    const report: ImportReport = {
      dryRun,
      rows: inputs.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      errors: errors.list,
    };
    if (errors.list.length > 0) return report;
    for (const p of planned) {
      if (!p.current) report.created += 1;
      else if (changedColumns(spec.table, p.current, p.next).length > 0) report.updated += 1;
      else report.unchanged += 1;
    }
    if (dryRun) return report;

    const fresh = planned.filter((p) => !p.current);
    const ids = await spec.freeIds(
      tx,
      fresh.map((p) => p.next),
    );
    for (const [n, p] of fresh.entries()) {
      const created = {
        ...p.next,
        id: ids[n] as string,
        lastReviewedAt: new Date(),
        lastReviewedBy: actor.viewer.subject,
      };
      await insertVersioned(tx, spec.table, created, actor, 'IMPORT');
    }
    for (const p of planned) {
      if (!p.current) continue;
      const current = p.current;
      await updateVersioned(
        tx,
        spec.table,
        {
          id: current.id,
          expectedVersion: current.version,
          action: 'IMPORT',
          authorize: () => undefined,
          apply: () => p.next,
        },
        actor,
      );
    }
    return report;
  });
}
