import type { DataSource } from 'typeorm';
import type { ImportReport } from '../shared/editing/import-report';
import { runImport } from '../shared/editing/bulk-import';
import type { WriteActor } from '../shared/editing/versioned-write';
import { MEASURE_COLUMNS, type RegionalMeasureRow } from './measure-repository';
import {
  applyInput,
  assertMayEdit,
  assertVisible,
  freeIds,
  MEASURE_TABLE,
  newMeasure,
  references,
  violationsOf,
  type RegionalMeasureInput,
} from './measure-writes';

/** Bulk import of Land and Kommune measures (all or nothing, matched by externalId; see runImport). */
export function importMeasures(
  db: DataSource,
  actor: WriteActor,
  inputs: readonly RegionalMeasureInput[],
  dryRun: boolean,
): Promise<ImportReport> {
  return runImport(db, actor, inputs, dryRun, {
    table: MEASURE_TABLE,
    lockByExternalIds: (tx, ids) =>
      tx.query<RegionalMeasureRow[]>(
        `SELECT ${MEASURE_COLUMNS} FROM laender.measure m WHERE m.external_id = ANY($1::text[]) FOR UPDATE`,
        [ids],
      ),
    plan: (input, current) => {
      if (current) {
        assertVisible(actor.viewer, current);
        assertMayEdit(actor.viewer, current.ars);
      }
      const next = current ? applyInput(current, input, '') : newMeasure(actor.viewer, input, '');
      if (next.ars) assertMayEdit(actor.viewer, next.ars);
      return next;
    },
    // Places and parents of all rows in one look-up each.
    violations: async (tx, rows) => {
      const refs = await references(tx, actor.viewer, rows);
      return rows.map((row) => violationsOf(row, refs, ''));
    },
    freeIds: (tx, rows) => freeIds(tx, rows),
  });
}
