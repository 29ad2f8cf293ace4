import type { DataSource } from 'typeorm';
import type { Page } from '../../shared/loading/paging';
import { fetchPagePerKey, GERMAN_COLLATION, SqlParams, whereClause } from '../../shared/loading/paged-sql';
import { reviewDueSql } from '../../shared/catalogue/review-cycle';
import {
  ITEM_ORDER,
  LEVEL_ORDER,
  MEASURE,
  MEASURE_COLUMNS,
  OWNER_KEY_CONDITION,
  OWNER_NAME,
  type IndexedMeasureRow,
} from './measure-sql';

/** The questions per owner (a Ressort, a Land, a Kreis): who follows up on its measures. */

export interface OwnerRow {
  owner: string;
  ownerName: string;
  level: string;
  measures: number;
}

export interface OwnerSuccessControlRow extends OwnerRow {
  withSuccessControl: number;
  withEvaluation: number;
  covered: number;
  share: number;
}

export interface OwnerReviewRow extends OwnerRow {
  due: number;
  dueShare: number;
}

/** Per owner: measures, how many state a success control, how many have an evaluation. */
export function successControl(db: DataSource, level: string | null): Promise<OwnerSuccessControlRow[]> {
  const p = new SqlParams();
  const where = [MEASURE, ...(level ? [`i.level = ${p.add(level)}`] : [])];
  const stated = 'i.success_control_status IS NOT NULL';
  const evaluated = 'i.evaluation_count > 0';
  return db.query(
    `SELECT i.level, coalesce(i.owner_code, '') AS owner,
            ${OWNER_NAME} AS "ownerName",
            count(*)::int AS measures,
            count(*) FILTER (WHERE ${stated})::int AS "withSuccessControl",
            count(*) FILTER (WHERE ${evaluated})::int AS "withEvaluation",
            count(*) FILTER (WHERE ${stated} OR ${evaluated})::int AS covered,
            (count(*) FILTER (WHERE ${stated} OR ${evaluated}))::float / count(*) AS share
     FROM analytics.item i ${whereClause(where)}
     GROUP BY i.level, i.owner_code
     ORDER BY min(${LEVEL_ORDER}), ${OWNER_NAME} COLLATE ${GERMAN_COLLATION}, i.owner_code`,
    p.values,
  );
}

/** Per owner: measures, and how many are due for the six-monthly review. */
export function reviewFreshness(db: DataSource, level: string | null): Promise<OwnerReviewRow[]> {
  const p = new SqlParams();
  const where = [MEASURE, ...(level ? [`i.level = ${p.add(level)}`] : [])];
  return db.query(
    `SELECT i.level, coalesce(i.owner_code, '') AS owner,
            ${OWNER_NAME} AS "ownerName",
            count(*)::int AS measures,
            count(*) FILTER (WHERE ${reviewDueSql('i')})::int AS due,
            (count(*) FILTER (WHERE ${reviewDueSql('i')}))::float / count(*) AS "dueShare"
     FROM analytics.item i ${whereClause(where)}
     GROUP BY i.level, i.owner_code
     ORDER BY min(${LEVEL_ORDER}), ${OWNER_NAME} COLLATE ${GERMAN_COLLATION}, i.owner_code`,
    p.values,
  );
}

/** One page per owner key (see ownerKey) of its measures with neither success control nor evaluation. */
export function uncoveredByOwners(db: DataSource, keys: readonly string[], page: Page): Promise<IndexedMeasureRow[][]> {
  return measuresPerOwner(db, keys, page, ['i.success_control_status IS NULL', 'i.evaluation_count = 0']);
}

/** One page per owner key of its measures due for review. */
export function dueByOwners(db: DataSource, keys: readonly string[], page: Page): Promise<IndexedMeasureRow[][]> {
  return measuresPerOwner(db, keys, page, [reviewDueSql('i')]);
}

function measuresPerOwner(
  db: DataSource,
  keys: readonly string[],
  page: Page,
  conditions: string[],
): Promise<IndexedMeasureRow[][]> {
  return fetchPagePerKey<IndexedMeasureRow>(
    db,
    keys,
    () => ({
      columns: MEASURE_COLUMNS,
      from: 'analytics.item i',
      conditions: [MEASURE, OWNER_KEY_CONDITION, ...conditions],
      order: ITEM_ORDER,
    }),
    page,
  );
}
