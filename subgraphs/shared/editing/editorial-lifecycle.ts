import type { DataSource } from 'typeorm';
import { validationFailed, type Violation } from '../platform/errors';
import { assertMayEdit, assertWritable, type EditableRow, type EditorialPolicy } from './editorial-policy';
import type { SimilarMatch } from './similarity';
import { uniqueIds } from './unique-ids';
import { insertVersioned, updateVersioned, type UpdateStep, type WriteActor } from './versioned-write';
import { requireSignedIn } from './write-guards';

/**
 * The editorial lifecycle of every editable object of the hub, parameterised by its subgraph's
 * policy (editorial-policy.ts). Each step checks in the same order — token, right to write,
 * visibility, version, rules — so that the same mistake gets the same error in every subgraph.
 */

export interface CreateResult {
  /** Null on a dry run: everything was checked, nothing written. */
  id: string | null;
  warnings: SimilarMatch[];
}

function throwIfAny(violations: Violation[]): void {
  if (violations.length > 0) throw validationFailed(violations);
}

/** Refuses to change an archived object (archiving is final; its history stays readable). */
function assertNotArchived(row: { archivedAt: Date | null }, message: string): void {
  if (row.archivedAt) throw validationFailed([{ rule: 'ARCHIVED', field: 'id', message }]);
}

/** Creates an object at version 1, reviewed as of now, with a CREATE history entry. */
export async function createEntry<Row extends EditableRow, Input>(
  db: DataSource,
  policy: EditorialPolicy<Row, Input>,
  actor: WriteActor,
  input: Input,
  dryRun = false,
): Promise<CreateResult> {
  requireSignedIn(actor.viewer);
  const row = policy.newRow(actor.viewer, input);
  if (policy.hasOwner(row)) assertMayEdit(policy, actor.viewer, row);
  return db.transaction(async (tx) => {
    throwIfAny(await policy.check(tx, actor.viewer, row, input));
    const warnings = policy.similar ? await policy.similar(tx, row) : [];
    if (dryRun) return { id: null, warnings };
    const [id = ''] = await uniqueIds(tx, policy.table.table, [policy.idBase(row)]);
    const created = { ...row, id, lastReviewedAt: new Date(), lastReviewedBy: actor.viewer.subject };
    // Checked again with the id: an object of no owner is written only by admins (or, for an
    // exchange format, the editors its id is given to).
    assertMayEdit(policy, actor.viewer, created);
    await insertVersioned(tx, policy.table, created, actor, 'CREATE');
    const change = await policy.attached?.change(tx, null, input);
    if (change) await policy.attached?.write(tx, id, 1, input, change);
    return { id, warnings };
  });
}

/** Applies an input to the version the caller read; returns the similarity warnings of the new state. */
export async function updateEntry<Row extends EditableRow, Input>(
  db: DataSource,
  policy: EditorialPolicy<Row, Input>,
  actor: WriteActor,
  write: { id: string; version: number; input: Input },
): Promise<SimilarMatch[]> {
  requireSignedIn(actor.viewer);
  const { id, input } = write;
  return db.transaction(async (tx) => {
    const attached = (await policy.attached?.change(tx, id, input)) ?? null;
    let written: Row | undefined;
    const result = await updateVersioned(
      tx,
      policy.table,
      {
        id,
        expectedVersion: write.version,
        action: 'UPDATE',
        authorize: (current) => {
          assertWritable(policy, actor.viewer, current);
          assertNotArchived(current, `An archived ${policy.noun} cannot be changed`);
        },
        apply: (current) => policy.apply(current, input),
        validate: async (next, current) => {
          // Handing an object to another owner needs the right to write for both.
          if (policy.movesOwner(next, current)) assertMayEdit(policy, actor.viewer, next);
          throwIfAny(await policy.check(tx, actor.viewer, next, input));
          written = next;
        },
        // Changed attached data alone is a write too.
        recordUnchanged: attached !== null,
      },
      actor,
    );
    if (attached) await policy.attached?.write(tx, id, result.version, input, attached);
    return written && policy.similar ? policy.similar(tx, written) : [];
  });
}

/** Archive and review: a versioned step on what the caller may write, in its own transaction. */
async function lifecycleStep<Row extends EditableRow>(
  db: DataSource,
  policy: EditorialPolicy<Row, never>,
  actor: WriteActor,
  step: Pick<UpdateStep<Row>, 'id' | 'expectedVersion' | 'action' | 'note' | 'apply'> & { archivedMessage?: string },
): Promise<void> {
  const { archivedMessage, ...update } = step;
  await db.transaction((tx) =>
    updateVersioned(
      tx,
      policy.table,
      {
        ...update,
        authorize: (current) => {
          assertWritable(policy, actor.viewer, current);
          if (archivedMessage) assertNotArchived(current, archivedMessage);
        },
      },
      actor,
    ),
  );
}

/** Takes an object out of the catalogue without deleting anything; the reason goes to history. */
export async function archiveEntry<Row extends EditableRow>(
  db: DataSource,
  policy: EditorialPolicy<Row, never>,
  actor: WriteActor,
  write: { id: string; version: number; reason: string },
): Promise<void> {
  requireSignedIn(actor.viewer);
  const what = policy.table.what.toLowerCase();
  const reason = write.reason.trim();
  if (reason === '') {
    throw validationFailed([{ rule: 'REASON_REQUIRED', field: 'reason', message: `Say why the ${what} is archived` }]);
  }
  await lifecycleStep(db, policy, actor, {
    id: write.id,
    expectedVersion: write.version,
    action: 'ARCHIVE',
    note: reason,
    archivedMessage: `The ${what} is archived already`,
    apply: (current) => ({ ...current, archivedAt: new Date(), archiveReason: reason }),
  });
}

/** Confirms an object is current (the six-monthly review of guideline chapter V). */
export async function reviewEntry<Row extends EditableRow>(
  db: DataSource,
  policy: EditorialPolicy<Row, never>,
  actor: WriteActor,
  write: { id: string; version: number; note: string | null },
): Promise<void> {
  requireSignedIn(actor.viewer);
  await lifecycleStep(db, policy, actor, {
    id: write.id,
    expectedVersion: write.version,
    action: 'REVIEW',
    note: write.note?.trim() || null,
    apply: (current) => ({ ...current, lastReviewedAt: new Date(), lastReviewedBy: actor.viewer.subject }),
  });
}
