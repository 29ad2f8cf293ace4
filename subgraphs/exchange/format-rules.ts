import type { Violation } from '../shared/platform/errors';
import type { ExchangeFormatRow } from './format-repository';

/**
 * The rules an exchange format's record follows, checked on the state a write would produce (an
 * update merged with what is stored). Each is a small named check reporting a stable code and
 * the input field at fault; types, levels, participant kinds and target groups are GraphQL
 * enums, so only their presence needs checking.
 */
export const FORMAT_RULES = {
  NAME_REQUIRED: 'An exchange format needs a name',
  TYPE_REQUIRED: 'An exchange format says what kind it is (summit, dialogue forum, ministerial conference, …)',
  LEVEL_REQUIRED: 'An exchange format says which level convenes it (BUND, LAND or KOMMUNE)',
  PARTICIPANTS_REQUIRED: 'An exchange format names at least one kind of participant',
  TARGET_GROUP_REQUIRED:
    'An exchange format names at least one target group, unless it addresses all (addressesAllTargetGroups)',
  JOINT_LEAD_WITH_CONVENOR: 'Give either convenorRessort or jointLeadRessorts, not both',
  DATE_INVALID: 'Dates are written YYYY-MM-DD, YYYY-MM or YYYY',
  YEAR_INVALID: 'Years lie between 1900 and 2100',
  RELATED_MEASURE_INVALID: 'Related federal measures are given by their id, measure:bund:…',
  EXTERNAL_ID_TAKEN: 'Another exchange format already has this externalId',
} as const;

export type FormatRule = keyof typeof FORMAT_RULES;

/** What the checks need to know from the database. */
export interface FormatReferences {
  /** The format that already carries the subject's externalId, if another one does. */
  externalIdTakenBy: string | null;
}

interface Failure {
  rule: FormatRule;
  field: string;
  message?: string;
}

type FormatCheck = (f: ExchangeFormatRow, refs: FormatReferences) => Failure[];

const DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
const FEDERAL_MEASURE_ID = /^measure:bund:\S+$/;
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

function blank(value: string | null | undefined): boolean {
  return value == null || value.trim() === '';
}

function invalidDate(value: string | null | undefined): boolean {
  return !blank(value) && !DATE.test(value ?? '');
}

const nameRequired: FormatCheck = (f) => (blank(f.name) ? [{ rule: 'NAME_REQUIRED', field: 'name' }] : []);

const typeRequired: FormatCheck = (f) => (blank(f.type) ? [{ rule: 'TYPE_REQUIRED', field: 'type' }] : []);

const levelRequired: FormatCheck = (f) => (blank(f.level) ? [{ rule: 'LEVEL_REQUIRED', field: 'level' }] : []);

const participantsRequired: FormatCheck = (f) =>
  f.participantKinds.length === 0 ? [{ rule: 'PARTICIPANTS_REQUIRED', field: 'participantKinds' }] : [];

const targetGroupRequired: FormatCheck = (f) =>
  !f.addressesAllTargetGroups && f.targetGroups.length === 0
    ? [{ rule: 'TARGET_GROUP_REQUIRED', field: 'targetGroups' }]
    : [];

/** A joint lead replaces the single convenor; both at once would count the lead twice. */
const jointLeadOrConvenor: FormatCheck = (f) =>
  f.convenorRessort !== null && f.jointLeadRessorts.length > 0
    ? [{ rule: 'JOINT_LEAD_WITH_CONVENOR', field: 'jointLeadRessorts' }]
    : [];

const datesWellFormed: FormatCheck = (f) =>
  (
    [
      ['since', f.since],
      ['validFrom', f.validFrom],
      ['validTo', f.validTo],
    ] as const
  ).flatMap(([field, value]) => (invalidDate(value) ? [{ rule: 'DATE_INVALID' as const, field }] : []));

const sessionDatesWellFormed: FormatCheck = (f) =>
  f.sessions.flatMap((s, n) =>
    blank(s.date) || invalidDate(s.date) ? [{ rule: 'DATE_INVALID' as const, field: `sessions.${n}.date` }] : [],
  );

const yearInRange: FormatCheck = (f) =>
  f.year !== null && (f.year < MIN_YEAR || f.year > MAX_YEAR) ? [{ rule: 'YEAR_INVALID', field: 'year' }] : [];

const relatedMeasuresFederal: FormatCheck = (f) =>
  f.relatedFederalMeasures.flatMap((id, n) =>
    FEDERAL_MEASURE_ID.test(id)
      ? []
      : [
          {
            rule: 'RELATED_MEASURE_INVALID' as const,
            field: `relatedFederalMeasures.${n}`,
            message: `"${id}" is not the id of a federal measure (measure:bund:…)`,
          },
        ],
  );

const externalIdFree: FormatCheck = (f, refs) =>
  refs.externalIdTakenBy !== null && refs.externalIdTakenBy !== f.id
    ? [{ rule: 'EXTERNAL_ID_TAKEN', field: 'externalId' }]
    : [];

const CHECKS: readonly FormatCheck[] = [
  nameRequired,
  typeRequired,
  levelRequired,
  participantsRequired,
  targetGroupRequired,
  jointLeadOrConvenor,
  datesWellFormed,
  sessionDatesWellFormed,
  yearInRange,
  relatedMeasuresFederal,
  externalIdFree,
];

/** Every broken rule, with the field as the input names it (prefixed, e.g. "input.since"). */
export function checkFormatRules(f: ExchangeFormatRow, refs: FormatReferences, prefix = 'input'): Violation[] {
  return CHECKS.flatMap((check) => check(f, refs)).map((v) => ({
    rule: v.rule,
    field: prefix ? `${prefix}.${v.field}` : v.field,
    message: v.message ?? FORMAT_RULES[v.rule],
  }));
}
