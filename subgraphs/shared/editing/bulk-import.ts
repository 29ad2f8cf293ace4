import type { DataSource, EntityManager } from 'typeorm';
import type { Viewer } from '../platform/auth/viewer';
import type { Violation } from '../platform/errors';
import { checkExternalIds, ImportErrors, type ImportReport } from './import-report';
import type { OfferInput } from '../catalogue/offer-input';
import type { OfferRowBase } from '../catalogue/offer-sql';
import { assertMayEdit, assertWritable, type EditorialPolicy } from './editorial-policy';
import { uniqueIds } from './unique-ids';
import { changedColumns, insertVersioned, updateVersioned, type WriteActor } from './versioned-write';
import { requireSignedIn } from './write-guards';

/** What an import of one kind of measure needs besides its subgraph's editorial policy. */
export interface ImportSpec<Row extends OfferRowBase, Input extends OfferInput> {
  policy: EditorialPolicy<Row, Input>;
  /** The select list of a measure row, on the table aliased `m`. */
  columns: string;
  /** The rule violations of every planned row (references looked up once for all rows). */
  violations(tx: EntityManager, viewer: Viewer, rows: readonly Row[]): Promise<Violation[][]>;
}

/** The row's new state; throws FORBIDDEN, NOT_FOUND or BAD_USER_INPUT when it may not be written. */
function plan<Row extends OfferRowBase, Input extends OfferInput>(
  policy: EditorialPolicy<Row, Input>,
  viewer: Viewer,
  input: Input,
  current: Row | null,
): Row {
  if (current) assertWritable(policy, viewer, current);
  // Field paths in row errors name the field alone ('ars', not 'input.ars').
  const next = current ? policy.apply(current, input, '') : policy.newRow(viewer, input, '');
  if (policy.hasOwner(next)) assertMayEdit(policy, viewer, next);
  return next;
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
  const table = spec.policy.table;
  const errors = new ImportErrors();
  checkExternalIds(inputs, errors);

  return db.transaction(async (tx) => {
    const externalIds = inputs.map((r) => r.externalId?.trim()).filter((id): id is string => Boolean(id));
    // Locked until the import commits, so nobody changes a row between check and write.
    const locked = await tx.query<Row[]>(
      `SELECT ${spec.columns} FROM ${table.table} m WHERE m.external_id = ANY($1::text[]) FOR UPDATE`,
      [externalIds],
    );
    const existing = new Map(locked.map((m) => [m.externalId as string, m]));
    const planned: Planned<Row>[] = [];
    inputs.forEach((input, i) => {
      const current = existing.get(input.externalId?.trim() ?? '') ?? null;
      try {
        if (current?.archivedAt) errors.add(i + 1, 'ARCHIVED', 'externalId', 'This row names an archived measure');
        planned.push({ row: i + 1, current, next: plan(spec.policy, actor.viewer, input, current) });
      } catch (error) {
        errors.addThrown(i + 1, error);
      }
    });
    const violations = await spec.violations(
      tx,
      actor.viewer,
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
      else if (changedColumns(table, p.current, p.next).length > 0) report.updated += 1;
      else report.unchanged += 1;
    }
    if (dryRun) return report;

    await writePlanned(tx, spec, actor, planned);
    return report;
  });
}

/** Writes checked rows: new ones at version 1 with readable ids, changed ones as a new version. */
async function writePlanned<Row extends OfferRowBase, Input extends OfferInput>(
  tx: EntityManager,
  spec: ImportSpec<Row, Input>,
  actor: WriteActor,
  planned: readonly Planned<Row>[],
): Promise<void> {
  const table = spec.policy.table;
  const fresh = planned.filter((p) => !p.current);
  const ids = await uniqueIds(
    tx,
    table.table,
    fresh.map((p) => spec.policy.idBase(p.next)),
  );
  for (const [n, p] of fresh.entries()) {
    const created = {
      ...p.next,
      id: ids[n] as string,
      lastReviewedAt: new Date(),
      lastReviewedBy: actor.viewer.subject,
    };
    await insertVersioned(tx, table, created, actor, 'IMPORT');
  }
  for (const p of planned) {
    if (!p.current) continue;
    const current = p.current;
    await updateVersioned(
      tx,
      table,
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
}
