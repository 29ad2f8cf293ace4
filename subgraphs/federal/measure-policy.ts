import type { DataSource, EntityManager } from 'typeorm';
import { canEditFederalMeasure } from '../shared/platform/auth/permissions';
import { hasRole, type Viewer } from '../shared/platform/auth/viewer';
import { forbidden, notFound, validationFailed, type Violation } from '../shared/platform/errors';
import { checkMeasureRules } from '../shared/editing/measure-rules';
import {
  applyOfferInput,
  emptyOffer,
  OFFER_WRITABLE_COLUMNS,
  ruleSubject,
  slugify,
  type OfferInput,
} from '../shared/catalogue/offer-input';
import { findSimilarMeasures, type SimilarMatch } from '../shared/editing/similarity';
import { uniqueIds } from '../shared/editing/unique-ids';
import { archiveVersioned, assertNotArchived, reviewVersioned } from '../shared/editing/lifecycle-writes';
import {
  insertVersioned,
  updateVersioned,
  type VersionedTable,
  type WriteActor,
} from '../shared/editing/versioned-write';
import { requireSignedIn } from '../shared/editing/write-guards';
import { MEASURE_COLUMNS, type FederalMeasureRow } from './measure-repository';

export interface FederalMeasureInput extends OfferInput {
  owner?: string | null;
  implementers?: { name: string; ressort?: string | null }[] | null;
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export const MEASURE_TABLE: VersionedTable<FederalMeasureRow> = {
  what: 'Federal measure',
  table: 'federal.measure',
  historyTable: 'federal.history',
  columns: [
    ...OFFER_WRITABLE_COLUMNS,
    { field: 'ownerCode', column: 'owner_code', type: 'text' },
    { field: 'implementers', column: 'implementers', type: 'jsonb' },
  ],
  async lockRow(q, id) {
    const rows = (await q.query(`SELECT ${MEASURE_COLUMNS} FROM federal.measure m WHERE m.id = $1 FOR UPDATE`, [
      id,
    ])) as FederalMeasureRow[];
    return rows[0] ?? null;
  },
};

/** Applies an input to a measure's current state (or to an empty one when creating). */
export function applyInput(current: FederalMeasureRow, input: FederalMeasureInput): FederalMeasureRow {
  const next = applyOfferInput(current, input);
  if (input.owner !== undefined) next.ownerCode = input.owner?.trim() ?? '';
  if (input.implementers !== undefined) {
    next.implementers = (input.implementers ?? []).map((i) => ({
      name: i.name.trim(),
      ...(i.ressort ? { ressort: i.ressort.trim() } : {}),
    }));
  }
  return next;
}

export function newMeasure(viewer: Viewer, input: FederalMeasureInput): FederalMeasureRow {
  const empty: FederalMeasureRow = {
    ...emptyOffer(),
    id: '',
    // A Ressort editor's new measure belongs to their Ressort unless the input says otherwise.
    ownerCode: viewer.ressort ?? '',
    implementers: [],
    napiPhases: [],
    eligibilityRules: [],
  };
  return applyInput(empty, input);
}

export async function ressortCodes(q: Queryable): Promise<ReadonlySet<string>> {
  const rows = (await q.query('SELECT code FROM federal.ressort')) as { code: string }[];
  return new Set(rows.map((r) => r.code));
}

/** The guideline's rules plus the references only this subgraph can check (known Ressorts). */
export function violationsOf(row: FederalMeasureRow, ressorts: ReadonlySet<string>, prefix = 'input'): Violation[] {
  const violations = checkMeasureRules(ruleSubject(row, { field: 'owner', value: row.ownerCode || null }), prefix);
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  if (row.ownerCode && !ressorts.has(row.ownerCode)) {
    violations.push({
      rule: 'OWNER_UNKNOWN',
      field: at('owner'),
      message: `No Ressort has the code "${row.ownerCode}"`,
    });
  }
  row.implementers.forEach((i, n) => {
    if (i.ressort && !ressorts.has(i.ressort)) {
      violations.push({
        rule: 'RESSORT_UNKNOWN',
        field: at(`implementers.${n}.ressort`),
        message: `No Ressort has the code "${i.ressort}"`,
      });
    }
  });
  return violations;
}

export function assertMayEdit(viewer: Viewer, ownerCode: string): void {
  if (!canEditFederalMeasure(viewer, ownerCode)) {
    throw forbidden(
      hasRole(viewer, 'editor') && viewer.ressort
        ? `A ${viewer.ressort} editor may not write measures of ${ownerCode || 'another Ressort'}`
        : 'Only editors of the owning Ressort and admins may write federal measures',
    );
  }
}

/** Same target group, area and level (always BUND here) and similar German wording. */
export function similarTo(q: Queryable, row: FederalMeasureRow): Promise<SimilarMatch[]> {
  return findSimilarMeasures(q, 'federal.measure', {
    text: `${row.title} ${row.summary ?? ''}`,
    areas: row.areas,
    targetGroups: row.targetGroups,
    ...(row.id ? { excludeId: row.id } : {}),
    conditions: () => ['NOT m.draft'],
  });
}

/** A readable id from the title, made unique against the ids already taken. */
export function freeIds(q: Queryable, titles: readonly string[]): Promise<string[]> {
  return uniqueIds(
    q,
    'federal.measure',
    titles.map((t) => `measure:bund:${slugify(t)}`),
  );
}

export interface CreateResult {
  id: string | null;
  warnings: SimilarMatch[];
}

export async function createMeasure(
  db: DataSource,
  actor: WriteActor,
  input: FederalMeasureInput,
  dryRun: boolean,
): Promise<CreateResult> {
  requireSignedIn(actor.viewer);
  const row = newMeasure(actor.viewer, input);
  if (row.ownerCode) assertMayEdit(actor.viewer, row.ownerCode);
  const violations = violationsOf(row, await ressortCodes(db));
  if (violations.length > 0) throw validationFailed(violations);
  const warnings = await similarTo(db, row);
  if (dryRun) return { id: null, warnings };
  const id = await db.transaction(async (tx) => {
    const [free] = await freeIds(tx, [row.title]);
    const created = { ...row, id: free as string, lastReviewedAt: new Date(), lastReviewedBy: actor.viewer.subject };
    await insertVersioned(tx, MEASURE_TABLE, created, actor, 'CREATE');
    return created.id;
  });
  return { id, warnings };
}

/** Draft measures the caller may not see do not exist for them. */
export function assertVisible(viewer: Viewer, row: FederalMeasureRow): void {
  if (row.draft && !canEditFederalMeasure(viewer, row.ownerCode) && !hasRole(viewer, 'analyst')) {
    throw notFound(MEASURE_TABLE.what, row.id);
  }
}

function assertWritable(viewer: Viewer, row: FederalMeasureRow): void {
  assertVisible(viewer, row);
  assertMayEdit(viewer, row.ownerCode);
}

export async function updateMeasure(
  db: DataSource,
  actor: WriteActor,
  id: string,
  version: number,
  input: FederalMeasureInput,
): Promise<SimilarMatch[]> {
  requireSignedIn(actor.viewer);
  return db.transaction(async (tx: EntityManager) => {
    let written: FederalMeasureRow | undefined;
    await updateVersioned(
      tx,
      MEASURE_TABLE,
      {
        id,
        expectedVersion: version,
        action: 'UPDATE',
        authorize: (current) => {
          assertWritable(actor.viewer, current);
          assertNotArchived(current, 'An archived measure cannot be changed');
        },
        apply: (current) => applyInput(current, input),
        validate: async (next, current) => {
          // Moving a measure to another Ressort needs the right to write for both.
          if (next.ownerCode !== current.ownerCode) assertMayEdit(actor.viewer, next.ownerCode);
          const violations = violationsOf(next, await ressortCodes(tx));
          if (violations.length > 0) throw validationFailed(violations);
          written = next;
        },
      },
      actor,
    );
    return written ? similarTo(tx, written) : [];
  });
}

export function archiveMeasure(db: DataSource, actor: WriteActor, id: string, version: number, reason: string) {
  return archiveVersioned(db, MEASURE_TABLE, actor, {
    id,
    version,
    reason,
    assertWritable: (row) => assertWritable(actor.viewer, row),
  });
}

export function markReviewed(db: DataSource, actor: WriteActor, id: string, version: number, note: string | null) {
  return reviewVersioned(db, MEASURE_TABLE, actor, {
    id,
    version,
    note,
    assertWritable: (row) => assertWritable(actor.viewer, row),
  });
}
