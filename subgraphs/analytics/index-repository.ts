import type { DataSource } from 'typeorm';
import { badUserInput } from '../shared/platform/errors';
import type { Page } from '../shared/loading/paging';
import { reviewDueSql } from '../shared/catalogue/review-cycle';
import {
  fetchPagePerKey,
  GERMAN_COLLATION,
  SqlParams,
  whereClause,
  type PageResult,
} from '../shared/loading/paged-sql';
import { AREA_CODES, LEVELS, TARGET_GROUP_CODES } from '../shared/catalogue/vocabulary';
import type { SearchKind } from './catalogue-reader';

/**
 * The coordination queries, each one SQL statement over the analytics read model (`analytics.item`
 * and `analytics.place`), never over another subgraph's tables.
 */

/** The measures among the indexed items: offers of the Bund, the Länder and the Kommunen. */
const MEASURE = `i.kind IN ('FEDERAL_MEASURE', 'REGIONAL_MEASURE')`;
const LEVEL_ORDER = `array_position(ARRAY['BUND', 'LAND', 'KOMMUNE'], i.level)`;
const OWNER_NAME = `coalesce(min(i.owner_name), i.owner_code, '')`;
const ITEM_ORDER = `i.title COLLATE ${GERMAN_COLLATION}, i.id`;

export interface IndexedMeasureRow {
  id: string;
  kind: SearchKind;
  title: string;
  level: string;
  owner: string;
  ownerName: string;
}

const MEASURE_COLUMNS = `i.id, i.kind, i.title, i.level, coalesce(i.owner_code, '') AS owner,
  coalesce(i.owner_name, i.owner_code, '') AS "ownerName"`;

export interface CoverageCellRow {
  targetGroup: string;
  level: string;
  area: string;
  land: string | null;
  count: number;
}

export interface OverlapRow {
  a: IndexedMeasureRow;
  b: IndexedMeasureRow;
  similarity: number;
  sharedTargetGroups: string[];
  sharedAreas: string[];
  level: string;
}

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

export interface PlaceOffersRow {
  ars: string;
  name: string;
  population: number;
  offers: number;
  offersPer100k: number;
}

export interface SearchHitRow {
  kind: SearchKind;
  id: string;
  title: string;
  snippet: string;
  rank: number;
}

/** `level` + owner code: owners are only unique within a level. */
export function ownerKey(row: { level: string; owner: string }): string {
  return `${row.level}/${row.owner}`;
}
const OWNER_KEY_CONDITION = `i.level = split_part(k.key, '/', 1) AND i.owner_code = substr(k.key, strpos(k.key, '/') + 1)`;

/** Text put into ts_headline is escaped first, so the only markup in a snippet is its <b>…</b>. */
const escapedHtml = (sql: string) => `replace(replace(replace(${sql}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;

/** PostgreSQL cancelled the statement (here: it ran into the statement timeout). */
function isQueryCanceled(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  const driverCode =
    typeof error === 'object' && error !== null && 'driverError' in error
      ? (error.driverError as { code?: unknown } | undefined)?.code
      : undefined;
  return code === '57014' || driverCode === '57014';
}

export interface IndexRepositoryOptions {
  /** Longest a pairwise comparison (overlapCandidates) may run before it is refused. */
  queryTimeoutMs: number;
}

export function createIndexRepository(db: DataSource, options: IndexRepositoryOptions) {
  return {
    /**
     * Every target group × level × area (× Land with `byLand`) with the number of measures in it,
     * zeros included, in the guideline's order. A measure counts once in every cell of its groups
     * and areas; with `byLand` a federal measure counts for every Land, a regional one for its own.
     */
    async coverage(options: { byLand: boolean; status: string[] | null }): Promise<{
      cells: CoverageCellRow[];
      total: number;
    }> {
      const p = new SqlParams();
      const status = options.status ? `AND i.status = ANY(${p.add(options.status)}::text[])` : '';
      const vocabulary = `
        groups AS (SELECT code, ord FROM unnest(${p.add(TARGET_GROUP_CODES)}::text[]) WITH ORDINALITY AS t(code, ord)),
        levels AS (SELECT code, ord FROM unnest(${p.add(LEVELS)}::text[]) WITH ORDINALITY AS t(code, ord)),
        areas AS (SELECT code, ord FROM unnest(${p.add(AREA_CODES)}::text[]) WITH ORDINALITY AS t(code, ord)),
        offers AS (SELECT i.id, i.level, i.land, i.areas, i.target_groups FROM analytics.item i
                   WHERE ${MEASURE} ${status})`;
      const sql = options.byLand
        ? `WITH ${vocabulary},
             laender AS (SELECT ars FROM analytics.place WHERE level = 'LAND'),
             counted AS (
               SELECT l.ars AS land, g AS target_group, o.level, a AS area, count(*)::int AS n
               FROM offers o JOIN laender l ON o.land IS NULL OR o.land = l.ars,
                    unnest(o.target_groups) g, unnest(o.areas) a
               GROUP BY 1, 2, 3, 4)
           SELECT l.ars AS land, g.code AS "targetGroup", v.code AS level, a.code AS area, coalesce(c.n, 0) AS count,
                  (SELECT count(*)::int FROM offers) AS total
           FROM laender l CROSS JOIN groups g CROSS JOIN levels v CROSS JOIN areas a
           LEFT JOIN counted c ON c.land = l.ars AND c.target_group = g.code AND c.level = v.code AND c.area = a.code
           ORDER BY l.ars, g.ord, v.ord, a.ord`
        : `WITH ${vocabulary},
             counted AS (
               SELECT g AS target_group, o.level, a AS area, count(*)::int AS n
               FROM offers o, unnest(o.target_groups) g, unnest(o.areas) a
               GROUP BY 1, 2, 3)
           SELECT NULL AS land, g.code AS "targetGroup", v.code AS level, a.code AS area, coalesce(c.n, 0) AS count,
                  (SELECT count(*)::int FROM offers) AS total
           FROM groups g CROSS JOIN levels v CROSS JOIN areas a
           LEFT JOIN counted c ON c.target_group = g.code AND c.level = v.code AND c.area = a.code
           ORDER BY g.ord, v.ord, a.ord`;
      const rows = await db.query<(CoverageCellRow & { total: number })[]>(sql, p.values);
      return { cells: rows.map(({ total: _t, ...cell }) => cell), total: rows[0]?.total ?? 0 };
    },

    /**
     * Pairs of measures of different owners at the same level that share a target group and an
     * area, with similarity = shared German stems / stems of the shorter text. Each pair once
     * (a.id < b.id), most similar first, then by ids.
     */
    async overlaps(
      filter: { level: string | null; targetGroup: string | null; area: string | null; minSimilarity: number },
      page: Page,
    ): Promise<OverlapRow[]> {
      const p = new SqlParams();
      const where = [MEASURE, 'cardinality(i.stems) > 0'];
      if (filter.level) where.push(`i.level = ${p.add(filter.level)}`);
      if (filter.targetGroup) where.push(`${p.add(filter.targetGroup)} = ANY(i.target_groups)`);
      if (filter.area) where.push(`${p.add(filter.area)} = ANY(i.areas)`);
      const measure = (alias: string) =>
        `json_build_object('id', ${alias}.id, 'kind', ${alias}.kind, 'title', ${alias}.title, 'level', ${alias}.level,
           'owner', coalesce(${alias}.owner_code, ''), 'ownerName', coalesce(${alias}.owner_name, ${alias}.owner_code, ''))`;
      // The measures in question first (materialised, so the pairs are formed among them and not
      // through an index over the whole table); then the similarity of every candidate pair; the
      // shared codes only for the page's pairs. The work grows with the square of the measures
      // per level, hence the statement timeout.
      const sql = `
        WITH m AS MATERIALIZED (
          SELECT i.id, i.level, i.owner_code, i.target_groups, i.areas, i.stems FROM analytics.item i
          ${whereClause(where)}),
        pairs AS (
          SELECT a.id AS a_id, b.id AS b_id,
                 round((cardinality(ARRAY(SELECT unnest(a.stems) INTERSECT SELECT unnest(b.stems)))::numeric
                        / least(cardinality(a.stems), cardinality(b.stems))), 3)::float AS similarity
          FROM m a
          JOIN m b ON b.level = a.level AND b.id > a.id AND b.owner_code IS DISTINCT FROM a.owner_code
               AND b.target_groups && a.target_groups AND b.areas && a.areas),
        page AS (
          SELECT * FROM pairs WHERE similarity >= ${p.add(filter.minSimilarity)}
          ORDER BY similarity DESC, a_id, b_id
          LIMIT ${p.add(page.limit)} OFFSET ${p.add(page.offset)})
        SELECT a.level, page.similarity,
               ARRAY(SELECT g FROM unnest(${p.add(TARGET_GROUP_CODES)}::text[]) WITH ORDINALITY AS t(g, ord)
                     WHERE g = ANY(a.target_groups) AND g = ANY(b.target_groups) ORDER BY ord) AS "sharedTargetGroups",
               ARRAY(SELECT x FROM unnest(${p.add(AREA_CODES)}::text[]) WITH ORDINALITY AS t(x, ord)
                     WHERE x = ANY(a.areas) AND x = ANY(b.areas) ORDER BY ord) AS "sharedAreas",
               ${measure('a')} AS a, ${measure('b')} AS b
        FROM page
        JOIN analytics.item a ON a.id = page.a_id
        JOIN analytics.item b ON b.id = page.b_id
        ORDER BY page.similarity DESC, page.a_id, page.b_id`;
      try {
        return await db.transaction(async (tx) => {
          await tx.query(`SELECT set_config('statement_timeout', $1, true)`, [String(options.queryTimeoutMs)]);
          return tx.query<OverlapRow[]>(sql, p.values);
        });
      } catch (error) {
        if (!isQueryCanceled(error)) throw error;
        const broadest = !filter.level ? 'level' : !filter.targetGroup ? 'targetGroup' : !filter.area ? 'area' : null;
        throw badUserInput(
          broadest ?? 'minSimilarity',
          `Too many pairs to compare within ${options.queryTimeoutMs} ms: ` +
            (broadest ? `narrow the question with ${broadest}` : 'raise minSimilarity or ask the hub maintainers'),
        );
      }
    },

    /** Per owner: measures, how many state a success control, how many have an evaluation. */
    successControl(level: string | null): Promise<OwnerSuccessControlRow[]> {
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
    },

    /** Per owner: measures, and how many are due for the six-monthly review. */
    reviewFreshness(level: string | null): Promise<OwnerReviewRow[]> {
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
    },

    /** One page per owner key (see ownerKey) of its measures with neither success control nor evaluation. */
    uncoveredByOwners(keys: readonly string[], page: Page): Promise<IndexedMeasureRow[][]> {
      return fetchPagePerKey<IndexedMeasureRow>(
        db,
        keys,
        () => ({
          columns: MEASURE_COLUMNS,
          from: 'analytics.item i',
          conditions: [MEASURE, OWNER_KEY_CONDITION, 'i.success_control_status IS NULL', 'i.evaluation_count = 0'],
          order: ITEM_ORDER,
        }),
        page,
      );
    },

    /** One page per owner key of its measures due for review. */
    dueByOwners(keys: readonly string[], page: Page): Promise<IndexedMeasureRow[][]> {
      return fetchPagePerKey<IndexedMeasureRow>(
        db,
        keys,
        () => ({
          columns: MEASURE_COLUMNS,
          from: 'analytics.item i',
          conditions: [MEASURE, OWNER_KEY_CONDITION, reviewDueSql('i')],
          order: ITEM_ORDER,
        }),
        page,
      );
    },

    /**
     * Regional measures per 100 000 inhabitants: a Land counts its own and its Kommunen's, a Kreis
     * its own and its Land's. Places without a population are left out. Highest rate first.
     */
    offersPerCapita(level: 'LAND' | 'KREIS', land: string | null): Promise<PlaceOffersRow[]> {
      const p = new SqlParams();
      const landFilter = land ? `AND p.land = ${p.add(land)}` : '';
      const offers =
        level === 'LAND'
          ? `coalesce((SELECT n FROM per_land WHERE per_land.land = p.ars), 0)`
          : `coalesce((SELECT n FROM per_place WHERE per_place.ars = p.ars), 0)
             + coalesce((SELECT n FROM per_place WHERE per_place.ars = p.land), 0)`;
      return db.query(
        `WITH regional AS (SELECT i.ars, i.land FROM analytics.item i WHERE i.kind = 'REGIONAL_MEASURE'),
              per_land AS (SELECT land, count(*)::int AS n FROM regional GROUP BY land),
              per_place AS (SELECT ars, count(*)::int AS n FROM regional GROUP BY ars),
              counted AS (
                SELECT p.ars, p.name, p.population, (${offers})::int AS offers
                FROM analytics.place p
                WHERE p.level = ${p.add(level === 'LAND' ? 'LAND' : 'KOMMUNE')} AND p.population > 0 ${landFilter})
         SELECT ars, name, population, offers, offers * 100000.0::float / population AS "offersPer100k"
         FROM counted
         ORDER BY "offersPer100k" DESC, ars`,
        p.values,
      );
    },

    /**
     * German full-text search: web-search syntax, stemming, ranked by ts_rank_cd (title weighs
     * more than text), ties by id. Snippets are made for the page's hits only.
     */
    async search(text: string, kinds: readonly string[] | null, page: Page): Promise<PageResult<SearchHitRow>> {
      const p = new SqlParams();
      // Snowball's German stemmer keeps a plural's s on some compounds ("Integrationskurse" →
      // integrationskurs, but "Integrationskurs" → integrationskur), and German glues words
      // together ("Arbeit" in "Arbeitsmarktprogramm"): so every stem of four or more letters
      // also matches as a prefix, without a trailing s.
      const query = `(SELECT regexp_replace(websearch_to_tsquery('german', ${p.add(text)})::text, $$'([^']{4,}?)s?'$$, $$'\\1':*$$, 'g')::tsquery)`;
      const where = ['i.search @@ q.query', ...(kinds ? [`i.kind = ANY(${p.add(kinds)}::text[])`] : [])];
      const from = `analytics.item i, ${query} AS q(query)`;
      const countParams = [...p.values];
      const rows = await db.query<(SearchHitRow & { total: string })[]>(
        `WITH hits AS (
           SELECT i.id, i.kind, i.title, i.text, ts_rank_cd(i.search, q.query) AS rank, count(*) OVER () AS total
           FROM ${from} ${whereClause(where)}
           ORDER BY rank DESC, i.id
           LIMIT ${p.add(page.limit)} OFFSET ${p.add(page.offset)})
         SELECT h.kind, h.id, h.title, round(h.rank::numeric, 6)::float AS rank, h.total,
                ts_headline('german', ${escapedHtml(`h.title || ' — ' || h.text`)}, q.query,
                            'StartSel=<b>, StopSel=</b>, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')
                  AS snippet
         FROM hits h, ${query} AS q(query)
         ORDER BY h.rank DESC, h.id`,
        p.values,
      );
      let totalCount = Number(rows[0]?.total ?? 0);
      if (rows.length === 0 && page.offset > 0) {
        // Past the last page no row carries the total: then, and only then, count.
        const [counted] = await db.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM ${from} ${whereClause(where)}`,
          countParams,
        );
        totalCount = counted?.n ?? 0;
      }
      return { totalCount, items: rows.map(({ total: _t, ...hit }) => hit) };
    },
  };
}

export type IndexRepository = ReturnType<typeof createIndexRepository>;
