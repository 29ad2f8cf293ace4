import type { DataSource } from 'typeorm';
import { checkExternalIds, ImportErrors, type ImportReport } from '../shared/import-report';
import { insertVersioned, updateVersioned, type WriteActor } from '../shared/versioned-write';
import { requireSignedIn } from '../shared/write-guards';
import { MEASURE_COLUMNS, type FederalMeasureRow } from './measure-repository';
import {
  applyInput,
  assertMayEdit,
  assertVisible,
  freeIds,
  MEASURE_TABLE,
  newMeasure,
  ressortCodes,
  violationsOf,
  type FederalMeasureInput,
} from './measure-writes';

interface Planned {
  row: number;
  current: FederalMeasureRow | null;
  next: FederalMeasureRow;
}

/**
 * Bulk import, all or nothing: every row is checked first (external id, rights, the guideline's
 * rules) and every problem is reported with its row; only when there is none are all rows
 * written, in one transaction. Rows are matched to measures by `externalId`, so importing the
 * same file twice changes nothing the second time.
 */
export async function importMeasures(
  db: DataSource,
  actor: WriteActor,
  inputs: readonly FederalMeasureInput[],
  dryRun: boolean,
): Promise<ImportReport> {
  requireSignedIn(actor.viewer);
  const errors = new ImportErrors();
  checkExternalIds(inputs, errors);

  return db.transaction(async (tx) => {
    const externalIds = inputs.map((r) => r.externalId?.trim()).filter((id): id is string => Boolean(id));
    // Locked until the import commits, so nobody changes a row between check and write.
    const locked = await tx.query<FederalMeasureRow[]>(
      `SELECT ${MEASURE_COLUMNS} FROM federal.measure m WHERE m.external_id = ANY($1::text[]) FOR UPDATE`,
      [externalIds],
    );
    const existing = new Map(locked.map((m) => [m.externalId as string, m]));
    const ressorts = await ressortCodes(tx);
    const planned: Planned[] = [];
    inputs.forEach((input, i) => {
      const row = i + 1;
      const current = existing.get(input.externalId?.trim() ?? '') ?? null;
      try {
        if (current) {
          assertVisible(actor.viewer, current);
          assertMayEdit(actor.viewer, current.ownerCode);
        }
        const next = current ? applyInput(current, input) : newMeasure(actor.viewer, input);
        if (next.ownerCode) assertMayEdit(actor.viewer, next.ownerCode);
        if (current?.archivedAt) errors.add(row, 'ARCHIVED', 'externalId', 'This row names an archived measure');
        errors.addViolations(row, violationsOf(next, ressorts, ''));
        planned.push({ row, current, next });
      } catch (error) {
        errors.addThrown(row, error);
      }
    });

    const report: ImportReport = {
      dryRun,
      rows: inputs.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      errors: errors.list,
    };
    if (errors.list.length > 0 || dryRun) {
      report.created = planned.filter((p) => !p.current).length;
      report.updated = planned.length - report.created;
      return report;
    }

    const fresh = planned.filter((p) => !p.current);
    const ids = await freeIds(
      tx,
      fresh.map((p) => p.next.title),
    );
    for (const [n, p] of fresh.entries()) {
      const created = {
        ...p.next,
        id: ids[n] as string,
        lastReviewedAt: new Date(),
        lastReviewedBy: actor.viewer.subject,
      };
      await insertVersioned(tx, MEASURE_TABLE, created, actor, 'IMPORT');
      report.created += 1;
    }
    for (const p of planned) {
      if (!p.current) continue;
      const current = p.current;
      const result = await updateVersioned(
        tx,
        MEASURE_TABLE,
        {
          id: current.id,
          expectedVersion: current.version,
          action: 'IMPORT',
          authorize: () => undefined,
          apply: () => p.next,
        },
        actor,
      );
      if (result.changes.length > 0) report.updated += 1;
      else report.unchanged += 1;
    }
    return report;
  });
}
