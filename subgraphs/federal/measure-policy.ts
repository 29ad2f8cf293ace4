import { canEditFederalMeasure } from '../shared/platform/auth/permissions';
import type { Violation } from '../shared/platform/errors';
import { emptyOffer, slugify, type OfferInput } from '../shared/catalogue/offer-input';
import type { Queryable } from '../shared/editing/editorial-policy';
import { measurePolicy } from '../shared/editing/measure-policy';
import { MEASURE_COLUMNS, type FederalMeasureRow } from './measure-repository';

export interface FederalMeasureInput extends OfferInput {
  owner?: string | null;
  implementers?: { name: string; ressort?: string | null }[] | null;
}

async function ressortCodes(q: Queryable): Promise<ReadonlySet<string>> {
  const rows = (await q.query('SELECT code FROM federal.ressort')) as { code: string }[];
  return new Set(rows.map((r) => r.code));
}

/** The references only this subgraph can check: known Ressorts, as owner and as implementers. */
function ressortViolations(row: FederalMeasureRow, ressorts: ReadonlySet<string>, at: (f: string) => string) {
  const violations: Violation[] = [];
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

/**
 * Federal measures: a Ressort's editors write its measures (the owner), admins all; ids are
 * `measure:bund:<slug>`; similar measures are looked for among the federal ones.
 */
export const FEDERAL_MEASURE_POLICY = measurePolicy<FederalMeasureRow, FederalMeasureInput, ReadonlySet<string>>({
  table: { type: 'FederalMeasure', what: 'Federal measure', name: 'federal.measure', select: MEASURE_COLUMNS },
  columns: [
    { field: 'ownerCode', column: 'owner_code', type: 'text' },
    { field: 'implementers', column: 'implementers', type: 'jsonb' },
  ],
  owner: { field: 'owner', of: (row) => row.ownerCode },
  blank: (viewer) => ({
    ...emptyOffer(),
    id: '',
    // A Ressort editor's new measure belongs to their Ressort unless the input says otherwise.
    ownerCode: viewer.ressort ?? '',
    implementers: [],
    napiPhases: [],
    eligibilityRules: [],
  }),
  applyOwn: (next, input) => {
    if (input.owner !== undefined) next.ownerCode = input.owner?.trim() ?? '';
    if (input.implementers !== undefined) {
      next.implementers = (input.implementers ?? []).map((i) => ({
        name: i.name.trim(),
        ...(i.ressort ? { ressort: i.ressort.trim() } : {}),
      }));
    }
    return next;
  },
  idBase: (row) => `measure:bund:${slugify(row.title)}`,
  canEdit: (viewer, row) => canEditFederalMeasure(viewer, row.ownerCode),
  refusal: {
    scope: (viewer) => viewer.ressort,
    notYours: (ressort, row) => `A ${ressort} editor may not write measures of ${row.ownerCode || 'another Ressort'}`,
    otherwise: 'Only editors of the owning Ressort and admins may write federal measures',
  },
  movesOwner: (next, current) => next.ownerCode !== current.ownerCode,
  references: (q) => ressortCodes(q),
  violations: ressortViolations,
  // The level is always BUND here.
  similarScope: () => [],
});
