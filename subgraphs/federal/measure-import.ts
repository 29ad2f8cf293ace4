import type { DataSource } from 'typeorm';
import type { ImportReport } from '../shared/editing/import-report';
import { runImport } from '../shared/editing/bulk-import';
import type { WriteActor } from '../shared/editing/versioned-write';
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

/** Bulk import of federal measures (all or nothing, matched by externalId; see runImport). */
export function importMeasures(
  db: DataSource,
  actor: WriteActor,
  inputs: readonly FederalMeasureInput[],
  dryRun: boolean,
): Promise<ImportReport> {
  return runImport(db, actor, inputs, dryRun, {
    table: MEASURE_TABLE,
    lockByExternalIds: (tx, ids) =>
      tx.query<FederalMeasureRow[]>(
        `SELECT ${MEASURE_COLUMNS} FROM federal.measure m WHERE m.external_id = ANY($1::text[]) FOR UPDATE`,
        [ids],
      ),
    plan: (input, current) => {
      if (current) {
        assertVisible(actor.viewer, current);
        assertMayEdit(actor.viewer, current.ownerCode);
      }
      const next = current ? applyInput(current, input) : newMeasure(actor.viewer, input);
      if (next.ownerCode) assertMayEdit(actor.viewer, next.ownerCode);
      return next;
    },
    violations: async (tx, rows) => {
      const ressorts = await ressortCodes(tx);
      return rows.map((row) => violationsOf(row, ressorts, ''));
    },
    freeIds: (tx, rows) =>
      freeIds(
        tx,
        rows.map((r) => r.title),
      ),
  });
}
