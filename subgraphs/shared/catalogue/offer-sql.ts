import type { OfferFilter } from './offer-filter';
import type { EditableRow } from '../editing/editorial-policy';
import type { CatalogueTable } from '../loading/catalogue-table';
import { GERMAN_COLLATION, type SqlParams } from '../loading/paged-sql';
import type { Area, Level, OfferStatus, TargetGroupCode } from './vocabulary';

/** The columns every measure table shares, as resolvers see them. */
export interface OfferRowBase extends EditableRow {
  title: string;
  shortTitle: string | null;
  summary: string | null;
  type: string;
  implementationLevel: Level | null;
  areas: Area[];
  targetGroups: TargetGroupCode[];
  detailedTargetGroups: string[];
  legalBasis: string[];
  languages: string[];
  status: OfferStatus;
  url: string | null;
  since: string | null;
  validFrom: string | null;
  validTo: string | null;
  minAge: number | null;
  maxAgeExclusive: number | null;
  funding: string | null;
  facts: string[];
  notes: string | null;
  sources: string[];
  verified: boolean;
  updatedAt: Date;
  createdAt: Date;
  externalId: string | null;
  grundangebot: string;
  canObligeParticipation: boolean;
  obligationEnforcement: string | null;
  fundingMethod: string | null;
  modelProject: boolean;
  testPhaseEndsOn: string | null;
  scalingPlan: string | null;
  successControl: { status: string; plannedFor?: string | null; description?: string | null } | null;
  budget: string | null;
  contacts: { name: string; role?: string | null; email?: string | null; phone?: string | null }[];
  coordinationStatus: string | null;
}

/** SELECT list for OfferRowBase from a measure table aliased `m`. */
export const OFFER_BASE_COLUMNS = `
  m.id, m.title, m.short_title AS "shortTitle", m.summary, m.type,
  m.implementation_level AS "implementationLevel", m.areas, m.target_groups AS "targetGroups",
  m.detailed_target_groups AS "detailedTargetGroups", m.legal_basis AS "legalBasis", m.languages,
  m.status, m.url, m.since, m.valid_from AS "validFrom", m.valid_to AS "validTo", m.min_age AS "minAge",
  m.max_age_exclusive AS "maxAgeExclusive", m.funding, m.facts, m.notes, m.sources, m.verified,
  m.last_reviewed_at AS "lastReviewedAt", m.last_reviewed_by AS "lastReviewedBy",
  m.updated_at AS "updatedAt", m.created_at AS "createdAt", m.version, m.external_id AS "externalId",
  m.grundangebot, m.can_oblige_participation AS "canObligeParticipation",
  m.obligation_enforcement AS "obligationEnforcement", m.funding_method AS "fundingMethod",
  m.model_project AS "modelProject", m.test_phase_ends_on AS "testPhaseEndsOn", m.scaling_plan AS "scalingPlan",
  m.success_control AS "successControl", m.budget, m.contacts, m.coordination_status AS "coordinationStatus",
  m.draft, m.archived_at AS "archivedAt", m.archive_reason AS "archiveReason"`;

/** Every offer list is ordered so: German title order, the id breaking ties, stable across pages. */
export const OFFER_ORDER = `m.title COLLATE ${GERMAN_COLLATION}, m.id`;

/**
 * The filters whose meaning is the same at every level. `levels` and `ars` depend on who owns
 * the table, so each subgraph adds those itself.
 */
export function offerFilterConditions(filter: OfferFilter, p: SqlParams): string[] {
  const where: string[] = [];
  if (!filter.includeArchived) where.push('m.archived_at IS NULL');
  if (filter.areas) where.push(`m.areas && ${p.add(filter.areas)}::text[]`);
  if (filter.targetGroups) where.push(`m.target_groups && ${p.add(filter.targetGroups)}::text[]`);
  if (filter.status) where.push(`m.status = ANY(${p.add(filter.status)}::text[])`);
  return where;
}

/** A measure table as the catalogue reader reads it: aliased `m`, listed in OFFER_ORDER. */
export function offerTable<F extends OfferFilter>(
  table: string,
  columns: string,
  filterConditions: (filter: F, p: SqlParams) => string[],
): CatalogueTable<F> {
  return { table, columns, alias: 'm', order: OFFER_ORDER, filterConditions };
}
