import type { DataSource } from 'typeorm';
import { validationFailed } from '../platform/errors';
import { updateVersioned, type VersionedTable, type WriteActor } from './versioned-write';
import { requireSignedIn } from './write-guards';

/** Rows that can be archived and reviewed: every editable object of the hub. */
export interface Lifecycle {
  id: string;
  version: number;
  archivedAt: Date | null;
  archiveReason: string | null;
  lastReviewedAt: Date | null;
  lastReviewedBy: string | null;
}

export interface LifecycleWrite<Row> {
  id: string;
  version: number;
  /** Throws NOT_FOUND or FORBIDDEN when the caller may not write this row. */
  assertWritable(row: Row): void;
}

/** Refuses to change an archived object (archiving is final; its history stays readable). */
export function assertNotArchived(row: { archivedAt: Date | null }, message: string): void {
  if (row.archivedAt) throw validationFailed([{ rule: 'ARCHIVED', field: 'id', message }]);
}

/** Takes an object out of the catalogue without deleting anything; the reason goes to history. */
export async function archiveVersioned<Row extends Lifecycle>(
  db: DataSource,
  table: VersionedTable<Row>,
  actor: WriteActor,
  write: LifecycleWrite<Row> & { reason: string },
): Promise<void> {
  requireSignedIn(actor.viewer);
  const reason = write.reason.trim();
  if (reason === '') {
    throw validationFailed([
      { rule: 'REASON_REQUIRED', field: 'reason', message: `Say why the ${table.what.toLowerCase()} is archived` },
    ]);
  }
  await db.transaction((tx) =>
    updateVersioned(
      tx,
      table,
      {
        id: write.id,
        expectedVersion: write.version,
        action: 'ARCHIVE',
        note: reason,
        authorize: (current) => {
          write.assertWritable(current);
          assertNotArchived(current, `The ${table.what.toLowerCase()} is archived already`);
        },
        apply: (current) => ({ ...current, archivedAt: new Date(), archiveReason: reason }),
      },
      actor,
    ),
  );
}

/** Confirms an object is current (the six-monthly review of guideline chapter V). */
export async function reviewVersioned<Row extends Lifecycle>(
  db: DataSource,
  table: VersionedTable<Row>,
  actor: WriteActor,
  write: LifecycleWrite<Row> & { note: string | null },
): Promise<void> {
  requireSignedIn(actor.viewer);
  await db.transaction((tx) =>
    updateVersioned(
      tx,
      table,
      {
        id: write.id,
        expectedVersion: write.version,
        action: 'REVIEW',
        note: write.note?.trim() || null,
        authorize: (current) => write.assertWritable(current),
        apply: (current) => ({ ...current, lastReviewedAt: new Date(), lastReviewedBy: actor.viewer.subject }),
      },
      actor,
    ),
  );
}
