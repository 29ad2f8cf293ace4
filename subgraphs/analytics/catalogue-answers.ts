/** The gateway's answers to the catalogue queries, and the read model's item made of each. */
import { TARGET_GROUP_CODES } from '../shared/catalogue/vocabulary';
import type { IndexedItem, SearchKind } from './indexed-item';

interface Code {
  code: string;
}
interface Named {
  code: string;
  name: string;
}
interface MeasureFields {
  id: string;
  title: string;
  shortTitle: string | null;
  summary: string | null;
  level: string;
  status: string;
  areas: string[];
  targetGroups: Code[] | null;
  successControl: { status: string } | null;
  lastReviewedAt: string | null;
  evaluations: { id: string }[] | null;
}
export interface FederalMeasure extends MeasureFields {
  owner: Named | null;
}
export interface RegionalMeasure extends MeasureFields {
  place: { ars: string; name: string; land: { ars: string } | null } | null;
}
export interface ResearchOutput {
  id: string;
  title: string;
  series: string | null;
  areas: string[];
  facts: string[];
  publishers: string[];
  lastReviewedAt: string | null;
  targetGroups: Code[] | null;
  institute: Named | null;
  publisherRessorts: Named[] | null;
}
export interface ExchangeFormat {
  id: string;
  name: string;
  shortName: string | null;
  level: string;
  facts: string[];
  convenor: string | null;
  addressesAllTargetGroups: boolean;
  lastReviewedAt: string | null;
  targetGroups: Code[] | null;
  convenorRessort: Named | null;
  coordinatorRessort: Named | null;
  jointLeadRessorts: Named[] | null;
}
export interface PlaceFields {
  ars: string;
  name: string;
  population: number | null;
  land?: { ars: string } | null;
}

const codes = (list: Code[] | null | undefined): string[] => (list ?? []).map((t) => t.code);
const joined = (...parts: (string | null | undefined)[]): string => parts.filter((p) => p && p.trim()).join(' · ');

function measureItem(
  m: MeasureFields,
  kind: SearchKind,
): Omit<IndexedItem, 'owner_code' | 'owner_name' | 'land' | 'ars'> {
  return {
    id: m.id,
    kind,
    title: m.title,
    text: joined(m.shortTitle, m.summary),
    level: m.level,
    areas: m.areas,
    target_groups: codes(m.targetGroups),
    status: m.status,
    success_control_status: m.successControl?.status ?? null,
    evaluation_count: m.evaluations?.length ?? 0,
    last_reviewed_at: m.lastReviewedAt,
  };
}

export function federalItem(m: FederalMeasure): IndexedItem {
  return {
    ...measureItem(m, 'FEDERAL_MEASURE'),
    owner_code: m.owner?.code ?? null,
    owner_name: m.owner?.name ?? null,
    land: null,
    ars: null,
  };
}

export function regionalItem(m: RegionalMeasure): IndexedItem {
  const place = m.place;
  return {
    ...measureItem(m, 'REGIONAL_MEASURE'),
    owner_code: place?.ars ?? null,
    owner_name: place?.name ?? null,
    // A Land's own measure sits at the Land itself, which has no Land above it.
    land: place ? (place.land?.ars ?? place.ars) : null,
    ars: place?.ars ?? null,
  };
}

/** Owner of an output: its lead institute, else the Ressort or body that published it. */
export function researchItem(o: ResearchOutput): IndexedItem {
  const ressort = o.publisherRessorts?.[0];
  return {
    id: o.id,
    kind: 'RESEARCH_OUTPUT',
    title: o.title,
    text: joined(o.series, ...o.facts, ...o.publishers),
    level: null,
    owner_code: o.institute?.code ?? ressort?.code ?? null,
    owner_name: o.institute?.name ?? ressort?.name ?? o.publishers[0] ?? null,
    land: null,
    ars: null,
    areas: o.areas,
    target_groups: codes(o.targetGroups),
    status: null,
    success_control_status: null,
    evaluation_count: 0,
    last_reviewed_at: o.lastReviewedAt,
  };
}

/** Owner of a format: the convening Ressort, else the coordinating one, else the joint leads. */
export function exchangeItem(f: ExchangeFormat): IndexedItem {
  const leads = f.jointLeadRessorts ?? [];
  const ressort = f.convenorRessort ?? f.coordinatorRessort;
  return {
    id: f.id,
    kind: 'EXCHANGE_FORMAT',
    title: f.name,
    text: joined(f.shortName, f.convenor, ...f.facts),
    level: f.level,
    owner_code: ressort?.code ?? (leads.length > 0 ? leads.map((r) => r.code).join('+') : null),
    owner_name: f.convenor ?? ressort?.name ?? (leads.length > 0 ? leads.map((r) => r.name).join(', ') : null),
    land: null,
    ars: null,
    areas: [],
    // A cross-cutting format concerns every target group, as the exchange subgraph defines it.
    target_groups: f.addressesAllTargetGroups ? [...TARGET_GROUP_CODES] : codes(f.targetGroups),
    status: null,
    success_control_status: null,
    evaluation_count: 0,
    last_reviewed_at: f.lastReviewedAt,
  };
}
