import type { DataSource } from 'typeorm';
import type { Page } from '../../shared/loading/paging';
import { SqlParams, whereClause, type PageResult } from '../../shared/loading/paged-sql';
import type { HitKind } from '../indexed-item';
import { searchFilterConditions, type SearchFilter } from './search-filter';
import { escapedHtml, placeHitsSql } from './search-places';
import { searchTermsSql } from './search-terms';

export interface SearchHitRow {
  kind: HitKind;
  id: string;
  title: string;
  snippet: string;
  rank: number;
}

/** The tsquery a hit was found with: its snippet marks the words of that one. */
const TIER_QUERY = (tier: string) => `CASE ${tier} WHEN 0 THEN q.q0 WHEN 1 THEN q.q1 ELSE q.q2 END`;

/**
 * Items found by the three queries of search-terms.ts, with the tier of the first that finds
 * each. Rank bands keep the tiers apart and the rank monotone with the order: 2–3 for the word
 * or its stem, 1–2 for a compound containing it, 0–1 for the parts of a split compound; within
 * a band ts_rank_cd (title above text, normalised to 0–1).
 */
function itemHitsSql(p: SqlParams, kinds: readonly string[] | null, filter: SearchFilter): string {
  const where = [
    'i.search @@ q.q2',
    ...(kinds ? [`i.kind = ANY(${p.add(kinds)}::text[])`] : []),
    ...searchFilterConditions(p, filter),
  ];
  return `SELECT i.id, i.kind, i.title, t.tier,
           (2 - t.tier) + ts_rank_cd(i.search, ${TIER_QUERY('t.tier')}, 32) AS rank,
           false AS is_land, NULL::int AS population, NULL::text AS snippet
    FROM analytics.item i CROSS JOIN search_terms q
    CROSS JOIN LATERAL (SELECT CASE WHEN i.search @@ q.q0 THEN 0 WHEN i.search @@ q.q1 THEN 1 ELSE 2 END AS tier) t
    ${whereClause(where)}`;
}

/**
 * German full-text search over the index and the places: stems, compounds and their parts
 * (search-terms.ts), places by name (search-places.ts), narrowed by `kinds` and `filter`, ranked,
 * ties by id. One statement however many words the text has; snippets only for the page's hits.
 */
export async function search(
  db: DataSource,
  text: string,
  kinds: readonly string[] | null,
  filter: SearchFilter,
  page: Page,
): Promise<PageResult<SearchHitRow>> {
  const p = new SqlParams();
  const itemKinds = kinds ? kinds.filter((k) => k !== 'PLACE') : null;
  const branches = [
    ...(itemKinds?.length === 0 ? [] : [itemHitsSql(p, itemKinds, filter)]),
    ...(kinds && !kinds.includes('PLACE') ? [] : [placeHitsSql(p, text, filter) ?? []].flat()),
  ];
  if (branches.length === 0) return { totalCount: 0, items: [] };
  const matched = `WITH ${searchTermsSql(p.add(text))}, matched AS (${branches.join(' UNION ALL ')})`;
  const countParams = [...p.values];
  const order = (t: string) => `${t}rank DESC, ${t}is_land DESC, ${t}population DESC NULLS LAST, ${t}id`;
  const rows = await db.query<(SearchHitRow & { total: string })[]>(
    `${matched},
     page AS (SELECT m.*, count(*) OVER () AS total FROM matched m
              ORDER BY ${order('m.')} LIMIT ${p.add(page.limit)} OFFSET ${p.add(page.offset)})
     SELECT h.kind, h.id, h.title, round(h.rank::numeric, 6)::float AS rank, h.total,
            coalesce(h.snippet, ts_headline('german', ${escapedHtml(`h.title || ' — ' || i.text`)}, ${TIER_QUERY('h.tier')},
                        'StartSel=<b>, StopSel=</b>, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'))
              AS snippet
     FROM page h CROSS JOIN search_terms q LEFT JOIN analytics.item i ON i.id = h.id AND h.kind <> 'PLACE'
     ORDER BY ${order('h.')}`,
    p.values,
  );
  let totalCount = Number(rows[0]?.total ?? 0);
  if (rows.length === 0 && page.offset > 0) {
    // Past the last page no row carries the total: then, and only then, count.
    const [counted] = await db.query<{ n: number }[]>(`${matched} SELECT count(*)::int AS n FROM matched`, countParams);
    totalCount = counted?.n ?? 0;
  }
  return { totalCount, items: rows.map(({ total: _t, ...hit }) => hit) };
}
