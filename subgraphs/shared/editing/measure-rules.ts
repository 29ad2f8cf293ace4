import type { Violation } from '../platform/errors';
import type { OfferRowBase } from '../catalogue/offer-sql';

/**
 * The procedural rules of guideline chapter V as checks on a measure, federal or regional.
 * They run on the state a write would produce (an update is checked merged with what is
 * stored), and report every broken rule with a stable code and the input field at fault.
 */
export const MEASURE_RULES = {
  TITLE_REQUIRED: 'A measure needs a title',
  TYPE_REQUIRED: 'A measure says what kind of instrument it is (course, counselling, programme, …)',
  STATUS_REQUIRED: 'A measure says whether it is active, planned or ended',
  OWNER_REQUIRED: 'A measure names its owner (Ressort, Land or Kommune)',
  AREA_REQUIRED: 'A measure belongs to at least one area (Sprache; Bildung und Beschäftigung; Gesellschaft)',
  TARGET_GROUP_REQUIRED: 'A measure names at least one target group',
  GRUNDANGEBOT_REQUIRED: 'A measure says which Grundangebot building block it belongs to, or COMPLEMENTARY',
  OBLIGATION_ENFORCEMENT_REQUIRED:
    'A measure that can oblige participation describes how attendance is checked and sanctioned (Fordern und Fördern)',
  FUNDING_METHOD_REQUIRED: 'A measure states its funding method (project, programme, structures or statutory)',
  TEST_PHASE_END_REQUIRED: 'A model project (Modellvorhaben) states when its test phase ends',
  SCALING_PLAN_REQUIRED: 'A model project states how it would be scaled up or transferred',
  SUCCESS_CONTROL_REQUIRED:
    'A measure states its success control (Erfolgskontrolle, § 7 Abs. 2 BHO): done, running or planned',
  SUCCESS_CONTROL_DATE_REQUIRED: 'A planned success control gives the date it is due',
  DATE_INVALID: 'Dates are written YYYY-MM-DD, YYYY-MM or YYYY',
  AGE_RANGE_INVALID: 'minAge must be below maxAgeExclusive',
  URL_INVALID: 'url must be an http or https address',
} as const;

export type MeasureRule = keyof typeof MEASURE_RULES;

/** The guideline's chapter V fields, as a measure row holds them. */
type ChapterVFields = Pick<
  OfferRowBase,
  | 'canObligeParticipation'
  | 'obligationEnforcement'
  | 'fundingMethod'
  | 'modelProject'
  | 'testPhaseEndsOn'
  | 'scalingPlan'
>;

/** What the rules look at, whichever subgraph the measure lives in. */
export interface MeasureRuleSubject extends ChapterVFields {
  title: string | null;
  type: string | null;
  status: string | null;
  /** The owner as the input names it: `owner` (a Ressort) or `ars` (a Land or Kommune). */
  owner: { field: string; value: string | null };
  areas: readonly string[];
  targetGroups: readonly string[];
  grundangebot: string | null;
  successControl: { status: string | null; plannedFor: string | null } | null;
  validFrom: string | null;
  validTo: string | null;
  minAge: number | null;
  maxAgeExclusive: number | null;
  url: string | null;
}

const DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

function blank(value: string | null | undefined): boolean {
  return value == null || value.trim() === '';
}

export function checkMeasureRules(m: MeasureRuleSubject, prefix = 'input'): Violation[] {
  const violations: Violation[] = [];
  const fail = (rule: MeasureRule, field: string) =>
    violations.push({ rule, field: prefix ? `${prefix}.${field}` : field, message: MEASURE_RULES[rule] });

  if (blank(m.title)) fail('TITLE_REQUIRED', 'title');
  if (blank(m.type)) fail('TYPE_REQUIRED', 'type');
  if (blank(m.status)) fail('STATUS_REQUIRED', 'status');
  if (blank(m.owner.value)) fail('OWNER_REQUIRED', m.owner.field);
  if (m.areas.length === 0) fail('AREA_REQUIRED', 'areas');
  if (m.targetGroups.length === 0) fail('TARGET_GROUP_REQUIRED', 'targetGroups');
  if (blank(m.grundangebot)) fail('GRUNDANGEBOT_REQUIRED', 'grundangebot');
  if (m.canObligeParticipation && blank(m.obligationEnforcement)) {
    fail('OBLIGATION_ENFORCEMENT_REQUIRED', 'obligationEnforcement');
  }
  if (blank(m.fundingMethod)) fail('FUNDING_METHOD_REQUIRED', 'fundingMethod');
  if (m.modelProject && blank(m.testPhaseEndsOn)) fail('TEST_PHASE_END_REQUIRED', 'testPhaseEndsOn');
  if (m.modelProject && blank(m.scalingPlan)) fail('SCALING_PLAN_REQUIRED', 'scalingPlan');
  if (!m.successControl || blank(m.successControl.status)) fail('SUCCESS_CONTROL_REQUIRED', 'successControl.status');
  else if (m.successControl.status === 'PLANNED' && blank(m.successControl.plannedFor)) {
    fail('SUCCESS_CONTROL_DATE_REQUIRED', 'successControl.plannedFor');
  }
  const dates: [string, string | null | undefined][] = [
    ['validFrom', m.validFrom],
    ['validTo', m.validTo],
    ['testPhaseEndsOn', m.testPhaseEndsOn],
    ['successControl.plannedFor', m.successControl?.plannedFor],
  ];
  for (const [field, value] of dates) if (!blank(value) && !DATE.test(value ?? '')) fail('DATE_INVALID', field);
  if (m.minAge != null && m.maxAgeExclusive != null && m.minAge >= m.maxAgeExclusive) {
    fail('AGE_RANGE_INVALID', 'maxAgeExclusive');
  }
  if (!blank(m.url) && !/^https?:\/\/\S+$/i.test(m.url ?? '')) fail('URL_INVALID', 'url');
  return violations;
}
