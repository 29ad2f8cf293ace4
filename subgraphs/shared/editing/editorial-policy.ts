import { hasRole, type Viewer } from '../platform/auth/viewer';
import { forbidden, notFound, type Violation } from '../platform/errors';
import type { FieldChange } from './history';
import type { SimilarMatch } from './similarity';
import type { VersionedTable } from './versioned-write';

export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Every editable object of the hub: versioned, archivable, reviewable, and possibly a draft. */
export interface EditableRow {
  id: string;
  version: number;
  draft: boolean;
  archivedAt: Date | null;
  archiveReason: string | null;
  lastReviewedAt: Date | null;
  lastReviewedBy: string | null;
}

/**
 * Data kept outside the row (research's measure links): the versioned write does not see it, so
 * its change is computed and written here, and joins the history entry of the same write.
 */
export interface AttachedData<Input> {
  /** What the input changes, or null. `id` is null when creating; on update this locks the row first. */
  change(q: Queryable, id: string | null, input: Input): Promise<FieldChange | null>;
  /** Writes the change and adds it to the history entry of `version`. */
  write(q: Queryable, id: string, version: number, input: Input, change: FieldChange): Promise<void>;
}

/**
 * What one subgraph decides about editing its objects; the lifecycle itself (create, update,
 * archive, review, in editorial-lifecycle.ts) is the same for all of them.
 */
export interface EditorialPolicy<Row extends EditableRow, Input> {
  table: VersionedTable<Row>;
  /**
   * The GraphQL object type (`FederalMeasure`), which names the mutations (editing-resolvers.ts),
   * and the payload field that holds the written object (`measure`).
   */
  graphql: { type: string; payload: string };
  /** "measure", "research output": in "An archived … cannot be changed". */
  noun: string;
  /** A new object from its input; `prefix` names the input in field paths of input errors. */
  newRow(viewer: Viewer, input: Input, prefix?: string): Row;
  /** The input applied to the current state: a field left out keeps its value. */
  apply(current: Row, input: Input, prefix?: string): Row;
  /** The readable id a new row gets, before collisions are numbered (`-2`, `-3`, …). */
  idBase(row: Row): string;
  /** Who may write the row (its owner's editors and admins). */
  canEdit(viewer: Viewer, row: Row): boolean;
  /** The FORBIDDEN message: an editor of another scope is told whose the row is. */
  refusal: {
    /** The caller's own scope (Ressort, place, institute), if any. */
    scope(viewer: Viewer): string | null | undefined;
    notYours(scope: string, row: Row): string;
    otherwise: string;
  };
  /** Whether a new row names an owner already, so the right to write for it is checked first. */
  hasOwner(row: Row): boolean;
  /** Whether an update hands the row to another owner, whose right to write is checked too. */
  movesOwner(next: Row, current: Row): boolean;
  /** Every rule the new state breaks, with the references only this subgraph can look up. */
  check(q: Queryable, viewer: Viewer, next: Row, input: Input): Promise<Violation[]>;
  /** Existing objects a new or changed one may duplicate (warnings, not errors). */
  similar?(q: Queryable, row: Row): Promise<SimilarMatch[]>;
  attached?: AttachedData<Input>;
}

export function assertMayEdit<Row extends EditableRow>(
  policy: EditorialPolicy<Row, never>,
  viewer: Viewer,
  row: Row,
): void {
  if (policy.canEdit(viewer, row)) return;
  const scope = policy.refusal.scope(viewer);
  throw forbidden(hasRole(viewer, 'editor') && scope ? policy.refusal.notYours(scope, row) : policy.refusal.otherwise);
}

/** Drafts the caller may not see do not exist for them. */
export function assertVisible<Row extends EditableRow>(
  policy: EditorialPolicy<Row, never>,
  viewer: Viewer,
  row: Row,
): void {
  if (row.draft && !policy.canEdit(viewer, row) && !hasRole(viewer, 'analyst')) {
    throw notFound(policy.table.what, row.id);
  }
}

export function assertWritable<Row extends EditableRow>(
  policy: EditorialPolicy<Row, never>,
  viewer: Viewer,
  row: Row,
): void {
  assertVisible(policy, viewer, row);
  assertMayEdit(policy, viewer, row);
}
