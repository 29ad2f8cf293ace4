import { arsLevel, landOf, normaliseArs } from '../shared/catalogue/ars';
import { canEditPlace } from '../shared/platform/auth/permissions';
import type { Viewer } from '../shared/platform/auth/viewer';
import type { Violation } from '../shared/platform/errors';
import { emptyOffer, slugify, type OfferInput } from '../shared/catalogue/offer-input';
import type { Queryable } from '../shared/editing/editorial-policy';
import { measurePolicy } from '../shared/editing/measure-policy';
import { SqlParams } from '../shared/loading/paged-sql';
import { laenderDraftVisibility } from './loaders';
import { MEASURE_COLUMNS, type RegionalMeasureRow } from './measure-repository';

export interface RegionalMeasureInput extends OfferInput {
  ars?: string | null;
  responsible?: string | null;
  partners?: string[] | null;
  parentFederalMeasure?: string | null;
  parentRegionalMeasure?: string | null;
}

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
 * Applies the regional input fields. A malformed `ars` is the shared BAD_USER_INPUT error naming
 * `<prefix>.ars`; a well-formed one is stored in its canonical form (e.g. "051140000000" → "05114").
 */
function applyOwn(next: RegionalMeasureRow, input: RegionalMeasureInput, prefix: string): RegionalMeasureRow {
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

/** What the rules look up in the database: known places, and parent measures the writer can see. */
interface References {
  places: ReadonlySet<string>;
  parents: ReadonlySet<string>;
}

/** One statement per kind for any number of rows (a whole import at once). */
async function references(q: Queryable, viewer: Viewer, rows: readonly RegionalMeasureRow[]): Promise<References> {
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

/** The references only this subgraph can check: known places, and parents the writer can see. */
function placeViolations(row: RegionalMeasureRow, refs: References, at: (field: string) => string): Violation[] {
  const violations: Violation[] = [];
  if (row.ars && !refs.places.has(row.ars)) {
    violations.push({
      rule: 'PLACE_UNKNOWN',
      field: at('ars'),
      message: `No Land or Kreis has the Regionalschlüssel "${row.ars}"`,
    });
  }
  const parent = row.parentRegionalMeasure;
  if (parent && row.id !== '' && parent === row.id) {
    violations.push({
      rule: 'PARENT_INVALID',
      field: at('parentRegionalMeasure'),
      message: 'A measure cannot be its own parent',
    });
  } else if (parent && !refs.parents.has(parent)) {
    violations.push({
      rule: 'PARENT_UNKNOWN',
      field: at('parentRegionalMeasure'),
      message: `No regional measure has the id "${parent}"`,
    });
  }
  return violations;
}

/**
 * Land and Kommune measures: a Land's editors write its measures and its Kommunen's, a Kommune's
 * editors only theirs, admins all; ids are `measure:land:<ars>:<slug>` or
 * `measure:kommune:<ars>:<slug>`; similar measures are looked for on the same level.
 */
export const REGIONAL_MEASURE_POLICY = measurePolicy<RegionalMeasureRow, RegionalMeasureInput, References>({
  table: { type: 'RegionalMeasure', what: 'Regional measure', name: 'laender.measure', select: MEASURE_COLUMNS },
  columns: [
    { field: 'ars', column: 'ars', type: 'text' },
    { field: 'level', column: 'level', type: 'text' },
    { field: 'land', column: 'land', type: 'text' },
    { field: 'responsible', column: 'responsible', type: 'text' },
    { field: 'partners', column: 'partners', type: 'text[]' },
    { field: 'parentFederalMeasure', column: 'parent_federal_measure', type: 'text' },
    { field: 'parentRegionalMeasure', column: 'parent_regional_measure', type: 'text' },
  ],
  owner: { field: 'ars', of: (row) => row.ars },
  blank: (viewer) =>
    placed({
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
    }),
  applyOwn,
  idBase: (row) => `measure:${arsLevel(row.ars) === 'LAND' ? 'land' : 'kommune'}:${row.ars}:${slugify(row.title)}`,
  canEdit: (viewer, row) => canEditPlace(viewer, row.ars),
  refusal: {
    scope: (viewer) => viewer.ars,
    notYours: (ars, row) => `A ${ars} editor may not write measures of ${row.ars || 'another place'}`,
    otherwise: 'Only editors of the owning Land or Kommune and admins may write regional measures',
  },
  // Without a place the update fails OWNER_REQUIRED; it is not a move.
  movesOwner: (next, current) => Boolean(next.ars) && next.ars !== current.ars,
  references,
  violations: placeViolations,
  // The same level: LAND or KOMMUNE.
  similarScope: (p, row) => [`m.level = ${p.add(row.level)}::text`],
});
