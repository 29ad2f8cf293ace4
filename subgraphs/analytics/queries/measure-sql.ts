import { GERMAN_COLLATION } from '../../shared/loading/paged-sql';
import type { SearchKind } from '../indexed-item';

/**
 * The SQL pieces the coordination queries share. Each query is one SQL statement over the
 * analytics read model (`analytics.item` and `analytics.place`), never over another subgraph's tables.
 */

/** The measures among the indexed items: offers of the Bund, the Länder and the Kommunen. */
export const MEASURE = `i.kind IN ('FEDERAL_MEASURE', 'REGIONAL_MEASURE')`;
export const LEVEL_ORDER = `array_position(ARRAY['BUND', 'LAND', 'KOMMUNE'], i.level)`;
export const OWNER_NAME = `coalesce(min(i.owner_name), i.owner_code, '')`;
export const ITEM_ORDER = `i.title COLLATE ${GERMAN_COLLATION}, i.id`;

export interface IndexedMeasureRow {
  id: string;
  kind: SearchKind;
  title: string;
  level: string;
  owner: string;
  ownerName: string;
}

export const MEASURE_COLUMNS = `i.id, i.kind, i.title, i.level, coalesce(i.owner_code, '') AS owner,
  coalesce(i.owner_name, i.owner_code, '') AS "ownerName"`;

/** `level` + owner code: owners are only unique within a level. */
export function ownerKey(row: { level: string; owner: string }): string {
  return `${row.level}/${row.owner}`;
}
export const OWNER_KEY_CONDITION = `i.level = split_part(k.key, '/', 1) AND i.owner_code = substr(k.key, strpos(k.key, '/') + 1)`;
