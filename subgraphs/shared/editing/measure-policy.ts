import type { Viewer } from '../platform/auth/viewer';
import type { Violation } from '../platform/errors';
import { applyOfferInput, OFFER_WRITABLE_COLUMNS, ruleSubject, type OfferInput } from '../catalogue/offer-input';
import type { OfferRowBase } from '../catalogue/offer-sql';
import type { ImportSpec } from './bulk-import';
import type { EditorialPolicy, Queryable } from './editorial-policy';
import { checkMeasureRules } from './measure-rules';
import { similarMeasures } from './similarity';
import { versionedTable, type ColumnSpec } from './versioned-write';
import type { SqlParams } from '../loading/paged-sql';

/**
 * What makes a kind of measure (federal, or Land and Kommune) its own; the rest of its policy —
 * the common offer fields, the rules of guideline chapter V, similarity, import — is the same.
 */
export interface MeasureKind<Row extends OfferRowBase, Input extends OfferInput, Refs> {
  /**
   * The GraphQL object type (`FederalMeasure`), for error messages as `what` (`Federal measure`),
   * the table and the repository's select list on it, aliased `m`.
   */
  table: { type: string; what: string; name: string; select: string };
  /** The columns beyond those every measure has. */
  columns: readonly ColumnSpec<Row>[];
  /** The owner as the input names it (`owner`, `ars`) and its value on the row ('' for none). */
  owner: { field: string; of(row: Row): string };
  /** A new measure before its input is applied: the editor's own Ressort or place as owner. */
  blank(viewer: Viewer): Row;
  /** Applies the kind's own input fields, after the common ones; `prefix` names the input in errors. */
  applyOwn(next: Row, input: Input, prefix: string): Row;
  idBase(row: Row): string;
  canEdit: EditorialPolicy<Row, Input>['canEdit'];
  refusal: EditorialPolicy<Row, Input>['refusal'];
  movesOwner: EditorialPolicy<Row, Input>['movesOwner'];
  /** What the kind's own rules look up, once for any number of rows (a whole import at once). */
  references(q: Queryable, viewer: Viewer, rows: readonly Row[]): Promise<Refs>;
  /** The kind's own rules (known owners, parents, …); `at` makes a field path. */
  violations(row: Row, refs: Refs, at: (field: string) => string): Violation[];
  /** Conditions on `m` for a similar measure besides area, target group and wording (e.g. the same level). */
  similarScope(p: SqlParams, row: Row): string[];
}

/** A measure's editorial policy, with its bulk import (see runImport). */
export type MeasurePolicy<Row extends OfferRowBase, Input extends OfferInput> = EditorialPolicy<Row, Input> & {
  importing: ImportSpec<Row, Input>;
};

/** The editorial policy of a kind of measure. */
export function measurePolicy<Row extends OfferRowBase, Input extends OfferInput, Refs>(
  kind: MeasureKind<Row, Input, Refs>,
): MeasurePolicy<Row, Input> {
  const apply = (current: Row, input: Input, prefix = 'input') =>
    kind.applyOwn(applyOfferInput(current, input), input, prefix);
  /** The guideline's rules, then those only the kind's subgraph can check. */
  const violationsOf = (row: Row, refs: Refs, prefix: string): Violation[] => [
    ...checkMeasureRules(ruleSubject(row, { field: kind.owner.field, value: kind.owner.of(row) || null }), prefix),
    ...kind.violations(row, refs, (field) => (prefix ? `${prefix}.${field}` : field)),
  ];
  const policy: EditorialPolicy<Row, Input> = {
    table: versionedTable<Row>({
      what: kind.table.what,
      table: kind.table.name,
      alias: 'm',
      select: kind.table.select,
      columns: [...(OFFER_WRITABLE_COLUMNS as readonly ColumnSpec<Row>[]), ...kind.columns],
    }),
    graphql: { type: kind.table.type, payload: 'measure' },
    noun: 'measure',
    newRow: (viewer, input, prefix) => apply(kind.blank(viewer), input, prefix),
    apply,
    idBase: (row) => kind.idBase(row),
    canEdit: (viewer, row) => kind.canEdit(viewer, row),
    refusal: kind.refusal,
    hasOwner: (row) => Boolean(kind.owner.of(row)),
    movesOwner: (next, current) => kind.movesOwner(next, current),
    check: async (q, viewer, next) => violationsOf(next, await kind.references(q, viewer, [next]), 'input'),
    // Drafts are no precedent: only published measures are.
    similar: similarMeasures(kind.table.name, (p, row) => [...kind.similarScope(p, row), 'NOT m.draft']),
  };
  const importing: ImportSpec<Row, Input> = {
    policy,
    columns: kind.table.select,
    violations: async (tx, viewer, rows) => {
      const refs = await kind.references(tx, viewer, rows);
      // Row errors name the field alone ('ars', not 'input.ars').
      return rows.map((row) => violationsOf(row, refs, ''));
    },
  };
  return { ...policy, importing };
}
