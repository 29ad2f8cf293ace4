import type { Violation } from '../shared/platform/errors';
import type { MeasureLinkValue } from './measure-link-repository';
import type { ResearchOutputRow } from './output-repository';
import { MEASURE_ID_PREFIXES } from './seed-types';

/**
 * The rules a research output's record follows, checked on the state a write would produce (an
 * update merged with what is stored). Each is a small named check reporting a stable code and
 * the input field at fault; areas and target groups are GraphQL enums, so they need none.
 */
export const OUTPUT_RULES = {
  TITLE_REQUIRED: 'A research output needs a title',
  TYPE_REQUIRED: 'A research output says what kind of publication it is (report, short analysis, panel study, …)',
  INSTITUTE_OR_PUBLISHER_REQUIRED: 'A research output names at least one institute or publisher',
  INSTITUTE_UNKNOWN: 'Institutes are named by the code of one of the guideline’s institutes (chapter VII)',
  LEAD_INSTITUTE_INVALID: 'The lead institute is one of the output’s institutes',
  PUBLISHER_RESSORT_NOT_PUBLISHER: 'A publisher Ressort is also listed among the publishers',
  DATE_INVALID: 'Dates are written YYYY-MM-DD, YYYY-MM or YYYY',
  YEAR_INVALID: 'Years lie between 1900 and 2100',
  DOI_INVALID: 'A DOI is written 10.<registrant>/<suffix>, e.g. 10.26092/elib/1739',
  URL_INVALID: 'url must be an http or https address',
  PART_OF_UNKNOWN: 'partOf names an existing research output',
  PART_OF_CYCLE: 'An output cannot be part of itself or of one of its own parts',
  MEASURE_LINK_INVALID:
    'A measure link names a measure of its subgraph (measure:bund:… for FEDERAL, measure:land:… or measure:kommune:… for LAENDER), each measure and kind once, with a reason',
  EXTERNAL_ID_TAKEN: 'Another research output already has this externalId',
} as const;

export type OutputRule = keyof typeof OUTPUT_RULES;

/** The state a write would produce; `measureLinks` is null when the write leaves the links alone. */
export interface OutputSubject extends ResearchOutputRow {
  measureLinks: readonly MeasureLinkValue[] | null;
}

/** What the checks need to know from the database. */
export interface OutputReferences {
  institutes: ReadonlySet<string>;
  /** partOf and its ancestors, partOf first; empty when the caller sees no output of that id. */
  partOfChain: readonly string[];
  /** The output that already carries the subject's externalId, if another one does. */
  externalIdTakenBy: string | null;
}

interface Failure {
  rule: OutputRule;
  field: string;
  message?: string;
}

type OutputCheck = (o: OutputSubject, refs: OutputReferences) => Failure[];

const DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
const DOI = /^10\.\d{4,9}\/\S+$/;
const URL = /^https?:\/\/\S+$/i;
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

function blank(value: string | null | undefined): boolean {
  return value == null || value.trim() === '';
}

const titleRequired: OutputCheck = (o) => (blank(o.title) ? [{ rule: 'TITLE_REQUIRED', field: 'title' }] : []);

const typeRequired: OutputCheck = (o) => (blank(o.type) ? [{ rule: 'TYPE_REQUIRED', field: 'type' }] : []);

const instituteOrPublisherRequired: OutputCheck = (o) =>
  o.instituteCodes.length === 0 && o.publishers.length === 0
    ? [{ rule: 'INSTITUTE_OR_PUBLISHER_REQUIRED', field: 'institutes' }]
    : [];

const institutesKnown: OutputCheck = (o, refs) =>
  o.instituteCodes.flatMap((code, n) =>
    refs.institutes.has(code)
      ? []
      : [
          {
            rule: 'INSTITUTE_UNKNOWN' as const,
            field: `institutes.${n}`,
            message: `No institute has the code "${code}"`,
          },
        ],
  );

const leadAmongInstitutes: OutputCheck = (o) =>
  o.leadInstituteCode !== null && !o.instituteCodes.includes(o.leadInstituteCode)
    ? [{ rule: 'LEAD_INSTITUTE_INVALID', field: 'leadInstitute' }]
    : [];

const publisherRessortsArePublishers: OutputCheck = (o) =>
  o.publisherRessortCodes.flatMap((code, n) =>
    o.publishers.includes(code)
      ? []
      : [{ rule: 'PUBLISHER_RESSORT_NOT_PUBLISHER' as const, field: `publisherRessorts.${n}` }],
  );

const publishedOnIsDate: OutputCheck = (o) =>
  !blank(o.publishedOn) && !DATE.test(o.publishedOn ?? '') ? [{ rule: 'DATE_INVALID', field: 'publishedOn' }] : [];

const yearsInRange: OutputCheck = (o) =>
  (
    [
      ['year', o.year],
      ['yearStarted', o.yearStarted],
    ] as const
  ).flatMap(([field, value]) =>
    value !== null && (value < MIN_YEAR || value > MAX_YEAR) ? [{ rule: 'YEAR_INVALID' as const, field }] : [],
  );

const doiWellFormed: OutputCheck = (o) =>
  !blank(o.doi) && !DOI.test(o.doi ?? '') ? [{ rule: 'DOI_INVALID', field: 'doi' }] : [];

const urlWellFormed: OutputCheck = (o) =>
  !blank(o.url) && !URL.test(o.url ?? '') ? [{ rule: 'URL_INVALID', field: 'url' }] : [];

const partOfKnown: OutputCheck = (o, refs) =>
  o.partOfId !== null && refs.partOfChain[0] !== o.partOfId
    ? [{ rule: 'PART_OF_UNKNOWN', field: 'partOf', message: `No research output has the id "${o.partOfId}"` }]
    : [];

const partOfAcyclic: OutputCheck = (o, refs) =>
  o.partOfId !== null && o.id !== '' && (o.partOfId === o.id || refs.partOfChain.includes(o.id))
    ? [{ rule: 'PART_OF_CYCLE', field: 'partOf' }]
    : [];

const measureLinksValid: OutputCheck = (o) => {
  const seen = new Set<string>();
  return (o.measureLinks ?? []).flatMap((link, n): Failure[] => {
    const at = `measureLinks.${n}`;
    if (!MEASURE_ID_PREFIXES[link.subgraph].some((prefix) => link.measureId.startsWith(prefix))) {
      const message = `"${link.measureId}" is not a measure id of the ${link.subgraph} subgraph`;
      return [{ rule: 'MEASURE_LINK_INVALID', field: `${at}.measureId`, message }];
    }
    const key = `${link.measureId} ${link.kind}`;
    if (seen.has(key)) {
      return [{ rule: 'MEASURE_LINK_INVALID', field: at, message: `${link.kind} ${link.measureId} is listed twice` }];
    }
    seen.add(key);
    return blank(link.reason)
      ? [{ rule: 'MEASURE_LINK_INVALID', field: `${at}.reason`, message: 'A measure link gives its reason' }]
      : [];
  });
};

const externalIdFree: OutputCheck = (o, refs) =>
  refs.externalIdTakenBy !== null && refs.externalIdTakenBy !== o.id
    ? [{ rule: 'EXTERNAL_ID_TAKEN', field: 'externalId' }]
    : [];

const CHECKS: readonly OutputCheck[] = [
  titleRequired,
  typeRequired,
  instituteOrPublisherRequired,
  institutesKnown,
  leadAmongInstitutes,
  publisherRessortsArePublishers,
  publishedOnIsDate,
  yearsInRange,
  doiWellFormed,
  urlWellFormed,
  partOfKnown,
  partOfAcyclic,
  measureLinksValid,
  externalIdFree,
];

/** Every broken rule, with the field as the input names it (prefixed, e.g. "input.doi"). */
export function checkOutputRules(o: OutputSubject, refs: OutputReferences, prefix = 'input'): Violation[] {
  return CHECKS.flatMap((check) => check(o, refs)).map((f) => ({
    rule: f.rule,
    field: prefix ? `${prefix}.${f.field}` : f.field,
    message: f.message ?? OUTPUT_RULES[f.rule],
  }));
}
