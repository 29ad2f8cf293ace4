import { canEditExchangeFormat } from '../shared/platform/auth/permissions';
import type { Viewer } from '../shared/platform/auth/viewer';
import type { EditorialPolicy } from '../shared/editing/editorial-policy';
import { applyInputFields, emptyLifecycle } from '../shared/editing/input-fields';
import { slugify } from '../shared/catalogue/offer-input';
import { versionedTable } from '../shared/editing/versioned-write';
import type { Level } from '../shared/catalogue/vocabulary';
import { FORMAT_COLUMNS, formatRessorts, type ExchangeFormatRow } from './format-repository';
import { checkFormatRules } from './format-rules';
import type { ExchangeFormatType } from './seed-types';
import { FORMAT_FIELDS, type ExchangeFormatInput } from './format-input';

const FORMAT_TABLE = versionedTable<ExchangeFormatRow>({
  what: 'Exchange format',
  table: 'exchange.format',
  alias: 'f',
  select: FORMAT_COLUMNS,
  columns: FORMAT_FIELDS.columns,
});

/**
 * Applies an input to a format's current state (or to an empty one when creating): a field
 * left out keeps its value, an explicit null clears it.
 */
function applyInput(current: ExchangeFormatRow, input: ExchangeFormatInput): ExchangeFormatRow {
  return applyInputFields(current, input, FORMAT_FIELDS.inputs);
}

/**
 * A new format. A Ressort editor's is convened by their Ressort unless the input names a
 * convenor, coordinator or joint leads itself.
 */
function newFormat(viewer: Viewer, input: ExchangeFormatInput): ExchangeFormatRow {
  const namesLead =
    input.convenorRessort !== undefined ||
    input.coordinatorRessort !== undefined ||
    input.jointLeadRessorts !== undefined;
  const empty: ExchangeFormatRow = {
    ...emptyLifecycle(),
    name: '',
    shortName: null,
    // Not a type or level yet: TYPE_REQUIRED and LEVEL_REQUIRED refuse the write unless the input gives them.
    type: '' as ExchangeFormatType,
    level: '' as Level,
    convenor: null,
    convenorRessort: namesLead ? null : viewer.ressort,
    coordinatorRessort: null,
    jointLeadRessorts: [],
    participantKinds: [],
    since: null,
    validFrom: null,
    validTo: null,
    year: null,
    sessions: [],
    phases: [],
    facts: [],
    guidelineReference: '',
    addressesAllTargetGroups: false,
    targetGroups: [],
    detailedTargetGroups: [],
    relatedFederalMeasures: [],
    notes: null,
  };
  return applyInput(empty, input);
}

/**
 * Exchange formats: the editors of a format (by its id, or of its convening, coordinating or
 * leading Ressort) write it, admins all; ids are `format:<slug>`; no similarity warnings.
 */
export const EXCHANGE_FORMAT_POLICY: EditorialPolicy<ExchangeFormatRow, ExchangeFormatInput> = {
  table: FORMAT_TABLE,
  graphql: { type: 'ExchangeFormat', payload: 'format' },
  noun: 'exchange format',
  newRow: newFormat,
  apply: applyInput,
  idBase: (row) => `format:${slugify(row.name)}`,
  canEdit: (viewer, row) => canEditExchangeFormat(viewer, row.id, formatRessorts(row)),
  refusal: {
    scope: (viewer) => viewer.ressort,
    notYours: (ressort, row) => {
      const leads = formatRessorts(row).filter((r): r is string => r !== null);
      return `A ${ressort} editor may not write formats led by ${leads.join(', ') || 'no Ressort'}`;
    },
    otherwise:
      'Only the editors of a format (by its id or its convening, coordinating or leading Ressort) and admins may write exchange formats',
  },
  // Led by no Ressort, a format is written only by admins or the editors its id is given to.
  hasOwner: (row) => formatRessorts(row).some((r) => r !== null),
  movesOwner: (next, current) => JSON.stringify(formatRessorts(next)) !== JSON.stringify(formatRessorts(current)),
  check: async (q, _viewer, next) => {
    const taken = next.externalId
      ? ((await q.query('SELECT id FROM exchange.format WHERE external_id = $1', [next.externalId])) as {
          id: string;
        }[])
      : [];
    return checkFormatRules(next, { externalIdTakenBy: taken[0]?.id ?? null });
  },
};
