import type { ContactInput, SuccessControlInput } from './input-types';
import type { MeasureRuleSubject } from '../editing/measure-rules';
import type { OfferRowBase } from './offer-sql';
import type { ColumnSpec } from '../editing/versioned-write';

/** The fields of `FederalMeasureInput` and `RegionalMeasureInput` that every measure has. */
export interface OfferInput {
  externalId?: string | null;
  title?: string | null;
  shortTitle?: string | null;
  summary?: string | null;
  type?: string | null;
  implementationLevel?: string | null;
  areas?: string[] | null;
  targetGroups?: string[] | null;
  grundangebot?: string | null;
  legalBasis?: string[] | null;
  languages?: string[] | null;
  status?: string | null;
  url?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
  minAge?: number | null;
  maxAgeExclusive?: number | null;
  canObligeParticipation?: boolean | null;
  obligationEnforcement?: string | null;
  fundingMethod?: string | null;
  modelProject?: boolean | null;
  testPhaseEndsOn?: string | null;
  scalingPlan?: string | null;
  successControl?: SuccessControlInput | null;
  draft?: boolean | null;
  budget?: string | null;
  contacts?: ContactInput[] | null;
  coordinationStatus?: string | null;
}

/** Writable fields every measure table has, with their columns. */
export const OFFER_WRITABLE_COLUMNS = [
  { field: 'externalId', column: 'external_id', type: 'text' },
  { field: 'title', column: 'title', type: 'text' },
  { field: 'shortTitle', column: 'short_title', type: 'text' },
  { field: 'summary', column: 'summary', type: 'text' },
  { field: 'type', column: 'type', type: 'text' },
  { field: 'implementationLevel', column: 'implementation_level', type: 'text' },
  { field: 'areas', column: 'areas', type: 'text[]' },
  { field: 'targetGroups', column: 'target_groups', type: 'text[]' },
  { field: 'grundangebot', column: 'grundangebot', type: 'text' },
  { field: 'legalBasis', column: 'legal_basis', type: 'text[]' },
  { field: 'languages', column: 'languages', type: 'text[]' },
  { field: 'status', column: 'status', type: 'text' },
  { field: 'url', column: 'url', type: 'text' },
  { field: 'validFrom', column: 'valid_from', type: 'text' },
  { field: 'validTo', column: 'valid_to', type: 'text' },
  { field: 'minAge', column: 'min_age', type: 'int' },
  { field: 'maxAgeExclusive', column: 'max_age_exclusive', type: 'int' },
  { field: 'canObligeParticipation', column: 'can_oblige_participation', type: 'boolean' },
  { field: 'obligationEnforcement', column: 'obligation_enforcement', type: 'text' },
  { field: 'fundingMethod', column: 'funding_method', type: 'text' },
  { field: 'modelProject', column: 'model_project', type: 'boolean' },
  { field: 'testPhaseEndsOn', column: 'test_phase_ends_on', type: 'text' },
  { field: 'scalingPlan', column: 'scaling_plan', type: 'text' },
  { field: 'successControl', column: 'success_control', type: 'jsonb' },
  { field: 'draft', column: 'draft', type: 'boolean' },
  { field: 'budget', column: 'budget', type: 'text' },
  { field: 'contacts', column: 'contacts', type: 'jsonb' },
  { field: 'coordinationStatus', column: 'coordination_status', type: 'text' },
  { field: 'archivedAt', column: 'archived_at', type: 'timestamptz' },
  { field: 'archiveReason', column: 'archive_reason', type: 'text' },
  { field: 'lastReviewedAt', column: 'last_reviewed_at', type: 'timestamptz' },
  { field: 'lastReviewedBy', column: 'last_reviewed_by', type: 'text' },
] as const satisfies readonly ColumnSpec<OfferRowBase>[];

const LIST_FIELDS = new Set(['areas', 'targetGroups', 'legalBasis', 'languages', 'contacts']);
const BOOLEAN_FIELDS = new Set(['canObligeParticipation', 'modelProject', 'draft']);

/** The values a new measure starts from before its input is applied. */
export function emptyOffer(): Omit<OfferRowBase, 'id'> {
  return {
    title: '',
    shortTitle: null,
    summary: null,
    type: '',
    implementationLevel: null,
    areas: [],
    targetGroups: [],
    detailedTargetGroups: [],
    legalBasis: [],
    languages: [],
    status: 'ACTIVE',
    url: null,
    since: null,
    validFrom: null,
    validTo: null,
    minAge: null,
    maxAgeExclusive: null,
    funding: null,
    facts: [],
    notes: null,
    sources: [],
    verified: true,
    lastReviewedAt: null,
    lastReviewedBy: null,
    updatedAt: new Date(),
    createdAt: new Date(),
    version: 0,
    externalId: null,
    grundangebot: '',
    canObligeParticipation: false,
    obligationEnforcement: null,
    fundingMethod: null,
    modelProject: false,
    testPhaseEndsOn: null,
    scalingPlan: null,
    successControl: null,
    budget: null,
    contacts: [],
    coordinationStatus: null,
    draft: false,
    archivedAt: null,
    archiveReason: null,
  };
}

function trimmed(value: unknown): unknown {
  return typeof value === 'string' ? value.trim() : value;
}

/**
 * Applies the common input fields to a row: a field left out keeps its value, an explicit null
 * clears it (lists become empty, booleans false). Returns a new row.
 */
export function applyOfferInput<R extends OfferRowBase>(row: R, input: OfferInput): R {
  const changes: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(input)) {
    if (raw === undefined || !OFFER_WRITABLE_COLUMNS.some((c) => c.field === key)) continue;
    let value: unknown = trimmed(raw);
    if (value === '') value = null;
    if (value === null && LIST_FIELDS.has(key)) value = [];
    if (value === null && BOOLEAN_FIELDS.has(key)) value = false;
    if (key === 'contacts' && Array.isArray(value)) {
      // Stored without empty keys, so a contact reads back the same however it was sent.
      value = (value as ContactInput[]).map((c) =>
        Object.fromEntries(
          Object.entries(c)
            .filter(([, v]) => v != null && String(v).trim() !== '')
            .map(([k, v]) => [k, trimmed(v)]),
        ),
      );
    }
    if (key === 'successControl' && value !== null) {
      const sc = value as SuccessControlInput;
      value = {
        status: sc.status ?? null,
        plannedFor: trimmed(sc.plannedFor) || null,
        description: trimmed(sc.description) || null,
      };
    }
    changes[key] = value;
  }
  return { ...row, ...changes };
}

/** The common half of what the chapter V rules look at. */
export function ruleSubject(row: OfferRowBase, owner: MeasureRuleSubject['owner']): MeasureRuleSubject {
  return {
    title: row.title,
    type: row.type,
    status: row.status,
    owner,
    areas: row.areas,
    targetGroups: row.targetGroups,
    grundangebot: row.grundangebot,
    canObligeParticipation: row.canObligeParticipation,
    obligationEnforcement: row.obligationEnforcement,
    fundingMethod: row.fundingMethod,
    modelProject: row.modelProject,
    testPhaseEndsOn: row.testPhaseEndsOn,
    scalingPlan: row.scalingPlan,
    successControl: row.successControl
      ? { status: row.successControl.status, plannedFor: row.successControl.plannedFor ?? null }
      : null,
    validFrom: row.validFrom,
    validTo: row.validTo,
    minAge: row.minAge,
    maxAgeExclusive: row.maxAgeExclusive,
    url: row.url,
  };
}

/** A readable, stable id part from a title: lower case, umlauts spelled out, dashes. */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug || 'massnahme';
}
