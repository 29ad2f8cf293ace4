import type { DataSource, EntityManager } from 'typeorm';
import { arsLevel, landOf, normaliseArs } from '../shared/catalogue/ars';
import { canEditPlace } from '../shared/platform/auth/permissions';
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
import { SqlParams } from '../shared/loading/paged-sql';
import { uniqueIds } from '../shared/editing/unique-ids';
import { archiveVersioned, assertNotArchived, reviewVersioned } from '../shared/editing/lifecycle-writes';
import {
  insertVersioned,
  updateVersioned,
  type VersionedTable,
  type WriteActor,
} from '../shared/editing/versioned-write';
import { requireSignedIn } from '../shared/editing/write-guards';
import { laenderDraftVisibility } from './loaders';
import { MEASURE_COLUMNS, type RegionalMeasureRow } from './measure-repository';

export interface RegionalMeasureInput extends OfferInput {
  ars?: string | null;
  responsible?: string | null;
  partners?: string[] | null;
  parentFederalMeasure?: string | null;
  parentRegionalMeasure?: string | null;
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export const MEASURE_TABLE: VersionedTable<RegionalMeasureRow> = {
  what: 'Regional measure',
  table: 'laender.measure',
  historyTable: 'laender.history',
  columns: [
    ...OFFER_WRITABLE_COLUMNS,
    { field: 'ars', column: 'ars', type: 'text' },
    { field: 'level', column: 'level', type: 'text' },
    { field: 'land', column: 'land', type: 'text' },
    { field: 'responsible', column: 'responsible', type: 'text' },
    { field: 'partners', column: 'partners', type: 'text[]' },
    { field: 'parentFederalMeasure', column: 'parent_federal_measure', type: 'text' },
    { field: 'parentRegionalMeasure', column: 'parent_regional_measure', type: 'text' },
  ],
  async lockRow(q, id) {
    const rows = (await q.query(`SELECT ${MEASURE_COLUMNS} FROM laender.measure m WHERE m.id = $1 FOR UPDATE`, [
      id,
    ])) as RegionalMeasureRow[];
    return rows[0] ?? null;
  },
};

function at(prefix: string, field: string): string {
  return prefix ? `${prefix}.${field}` : field;
}

function text(value: string | null | undefined): string | null {
  const t = value?.trim();
  return t ? t : null;
}

/** Level and Land follow from the owning place's ARS: 2 digits a Land, 5 a Kommune. */
function placed(row: RegionalMeasureRow): RegionalMeasureRow {
  return row.ars ? { ...row, level: arsLevel(row.ars), land: landOf(row.ars) } : row;
}

/**
 * Applies an input to a measure's current state (or to an empty one when creating). A malformed
 * `ars` is the shared BAD_USER_INPUT error naming `<prefix>.ars`; a well-formed one is stored in
 * its canonical form (e.g. "051140000000" → "05114").
 */
export function applyInput(
  current: RegionalMeasureRow,
  input: RegionalMeasureInput,
  prefix = 'input',
): RegionalMeasureRow {
  const next = applyOfferInput(current, input);
  if (input.ars !== undefined) {
    const raw = input.ars?.trim() ?? '';
    next.ars = raw ? normaliseArs(raw, at(prefix, 'ars')) : '';
  }
  if (input.responsible !== undefined) next.responsible = text(input.responsible);
  if (input.partners !== undefined) {
    next.partners = (input.partners ?? []).map((p) => p.trim()).filter((p) => p !== '');
  }
  if (input.parentFederalMeasure !== undefined) next.parentFederalMeasure = text(input.parentFederalMeasure);
  if (input.parentRegionalMeasure !== undefined) next.parentRegionalMeasure = text(input.parentRegionalMeasure);
  return placed(next);
}

export function newMeasure(viewer: Viewer, input: RegionalMeasureInput, prefix = 'input'): RegionalMeasureRow {
  const empty: RegionalMeasureRow = {
    ...emptyOffer(),
    id: '',
    // A Land or Kommune editor's new measure belongs to their place unless the input says otherwise.
    // Without any place the row fails OWNER_REQUIRED before it is written, whatever `level` says.
    ars: viewer.ars ?? '',
    level: 'LAND',
    land: '',
    responsible: null,
    partners: [],
    parentFederalMeasure: null,
    parentRegionalMeasure: null,
  };
  return applyInput(placed(empty), input, prefix);
}

/** What the rules look up in the database: known places, and parent measures the writer can see. */
export interface References {
  places: ReadonlySet<string>;
  parents: ReadonlySet<string>;
}

/** One statement per kind for any number of rows (a whole import at once). */
export async function references(
  q: Queryable,
  viewer: Viewer,
  rows: readonly RegionalMeasureRow[],
): Promise<References> {
  const places = [...new Set(rows.map((r) => r.ars).filter((a) => a !== ''))];
  const parents = [...new Set(rows.flatMap((r) => (r.parentRegionalMeasure ? [r.parentRegionalMeasure] : [])))];
  const knownPlaces =
    places.length === 0
      ? []
      : ((await q.query('SELECT ars FROM laender.place WHERE ars = ANY($1::text[])', [places])) as { ars: string }[]);
  let knownParents: { id: string }[] = [];
  if (parents.length > 0) {
    // A draft the writer may not see does not exist for them, not even as a parent.
    const p = new SqlParams();
    knownParents = (await q.query(
      `SELECT m.id FROM laender.measure m WHERE m.id = ANY(${p.add(parents)}::text[])
         AND ${laenderDraftVisibility(viewer)(p)}`,
      p.values,
    )) as { id: string }[];
  }
  return {
    places: new Set(knownPlaces.map((r) => r.ars)),
    parents: new Set(knownParents.map((r) => r.id)),
  };
}

/** The guideline's rules plus the references only this subgraph can check (places, parents). */
export function violationsOf(row: RegionalMeasureRow, refs: References, prefix = 'input'): Violation[] {
  const violations = checkMeasureRules(ruleSubject(row, { field: 'ars', value: row.ars || null }), prefix);
  if (row.ars && !refs.places.has(row.ars)) {
    violations.push({
      rule: 'PLACE_UNKNOWN',
      field: at(prefix, 'ars'),
      message: `No Land or Kreis has the Regionalschlüssel "${row.ars}"`,
    });
  }
  const parent = row.parentRegionalMeasure;
  if (parent && row.id !== '' && parent === row.id) {
    violations.push({
      rule: 'PARENT_INVALID',
      field: at(prefix, 'parentRegionalMeasure'),
      message: 'A measure cannot be its own parent',
    });
  } else if (parent && !refs.parents.has(parent)) {
    violations.push({
      rule: 'PARENT_UNKNOWN',
      field: at(prefix, 'parentRegionalMeasure'),
      message: `No regional measure has the id "${parent}"`,
    });
  }
  return violations;
}

export function assertMayEdit(viewer: Viewer, ars: string): void {
  if (!canEditPlace(viewer, ars)) {
    throw forbidden(
      hasRole(viewer, 'editor') && viewer.ars
        ? `A ${viewer.ars} editor may not write measures of ${ars || 'another place'}`
        : 'Only editors of the owning Land or Kommune and admins may write regional measures',
    );
  }
}

/** Same target group, area and level (LAND or KOMMUNE) and similar German wording. */
export function similarTo(q: Queryable, row: RegionalMeasureRow): Promise<SimilarMatch[]> {
  return findSimilarMeasures(q, 'laender.measure', {
    text: `${row.title} ${row.summary ?? ''}`,
    areas: row.areas,
    targetGroups: row.targetGroups,
    ...(row.id ? { excludeId: row.id } : {}),
    conditions: (p) => [`m.level = ${p.add(row.level)}::text`, 'NOT m.draft'],
  });
}

/**
 * Readable ids from the place and the title — `measure:land:<ars>:<slug>` or
 * `measure:kommune:<ars>:<slug>` — made unique against the ids already taken.
 */
export function freeIds(q: Queryable, rows: readonly { title: string; ars: string }[]): Promise<string[]> {
  return uniqueIds(
    q,
    'laender.measure',
    rows.map((r) => `measure:${arsLevel(r.ars) === 'LAND' ? 'land' : 'kommune'}:${r.ars}:${slugify(r.title)}`),
  );
}

export interface CreateResult {
  id: string | null;
  warnings: SimilarMatch[];
}

export async function createMeasure(
  db: DataSource,
  actor: WriteActor,
  input: RegionalMeasureInput,
  dryRun: boolean,
): Promise<CreateResult> {
  requireSignedIn(actor.viewer);
  const row = newMeasure(actor.viewer, input);
  if (row.ars) assertMayEdit(actor.viewer, row.ars);
  const violations = violationsOf(row, await references(db, actor.viewer, [row]));
  if (violations.length > 0) throw validationFailed(violations);
  const warnings = await similarTo(db, row);
  if (dryRun) return { id: null, warnings };
  const id = await db.transaction(async (tx) => {
    const [free] = await freeIds(tx, [row]);
    const created = { ...row, id: free as string, lastReviewedAt: new Date(), lastReviewedBy: actor.viewer.subject };
    await insertVersioned(tx, MEASURE_TABLE, created, actor, 'CREATE');
    return created.id;
  });
  return { id, warnings };
}

/** Draft measures the caller may not see do not exist for them. */
export function assertVisible(viewer: Viewer, row: RegionalMeasureRow): void {
  if (row.draft && !canEditPlace(viewer, row.ars) && !hasRole(viewer, 'analyst')) {
    throw notFound(MEASURE_TABLE.what, row.id);
  }
}

function assertWritable(viewer: Viewer, row: RegionalMeasureRow): void {
  assertVisible(viewer, row);
  assertMayEdit(viewer, row.ars);
}

export async function updateMeasure(
  db: DataSource,
  actor: WriteActor,
  id: string,
  version: number,
  input: RegionalMeasureInput,
): Promise<SimilarMatch[]> {
  requireSignedIn(actor.viewer);
  return db.transaction(async (tx: EntityManager) => {
    let written: RegionalMeasureRow | undefined;
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
          // Moving a measure to another place needs the right to write for both.
          if (next.ars && next.ars !== current.ars) assertMayEdit(actor.viewer, next.ars);
          const violations = violationsOf(next, await references(tx, actor.viewer, [next]));
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
