/** What the read model keeps of the catalogue: the rows of `analytics.item` and `analytics.place`. */

/** What the read model keeps of every item, whatever its kind. */
export interface IndexedItem {
  id: string;
  kind: SearchKind;
  title: string;
  /** Weighed below the title by the search and part of the stems for similarity. */
  text: string;
  level: string | null;
  owner_code: string | null;
  owner_name: string | null;
  /** The Land (2-digit ARS) of a regional measure. */
  land: string | null;
  /** The owning place (ARS) of a regional measure. */
  ars: string | null;
  areas: string[];
  target_groups: string[];
  status: string | null;
  success_control_status: string | null;
  evaluation_count: number;
  last_reviewed_at: string | null;
}

export interface IndexedPlace {
  ars: string;
  name: string;
  level: 'LAND' | 'KOMMUNE';
  land: string;
  population: number | null;
}

export const SEARCH_KINDS = ['FEDERAL_MEASURE', 'REGIONAL_MEASURE', 'RESEARCH_OUTPUT', 'EXCHANGE_FORMAT'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** What a search finds: an item of the index, or a place (a Land, Kreis or kreisfreie Stadt). */
export type HitKind = SearchKind | 'PLACE';

export interface CatalogueSnapshot {
  items: IndexedItem[];
  places: IndexedPlace[];
}
