import type { DataSource } from 'typeorm';
import type { Page } from '../../shared/loading/paging';
import { SqlParams, whereClause, type PageResult } from '../../shared/loading/paged-sql';
import type { SearchKind } from '../indexed-item';
import { searchFilterConditions, type SearchFilter } from './search-filter';

export interface SearchHitRow {
  kind: SearchKind;
  id: string;
  title: string;
  snippet: string;
  rank: number;
}

/** Text put into ts_headline is escaped first, so the only markup in a snippet is its <b>…</b>. */
const escapedHtml = (sql: string) => `replace(replace(replace(${sql}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;

/**
 * German full-text search: web-search syntax, stemming, ranked by ts_rank_cd (title weighs
 * more than text), ties by id, narrowed by `filter`. Snippets are made for the page's hits only.
 */
export async function search(
  db: DataSource,
  text: string,
  kinds: readonly string[] | null,
  filter: SearchFilter,
  page: Page,
): Promise<PageResult<SearchHitRow>> {
  const p = new SqlParams();
  // Snowball's German stemmer keeps a plural's s on some compounds ("Integrationskurse" →
  // integrationskurs, but "Integrationskurs" → integrationskur), and German glues words
  // together ("Arbeit" in "Arbeitsmarktprogramm"): so every stem of four or more letters
  // also matches as a prefix, without a trailing s.
  const query = `(SELECT regexp_replace(websearch_to_tsquery('german', ${p.add(text)})::text, $$'([^']{4,}?)s?'$$, $$'\\1':*$$, 'g')::tsquery)`;
  const where = [
    'i.search @@ q.query',
    ...(kinds ? [`i.kind = ANY(${p.add(kinds)}::text[])`] : []),
    ...searchFilterConditions(p, filter),
  ];
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
}
