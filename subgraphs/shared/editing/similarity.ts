import { SqlParams } from '../loading/paged-sql';

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Share of the new text's German word stems an existing measure must contain to be "similar". */
export const SIMILARITY_THRESHOLD = 0.3;

export interface SimilarityProbe {
  /** Title and summary of the new measure. */
  text: string;
  areas: readonly string[];
  targetGroups: readonly string[];
  /** More conditions on the table aliased `m` (e.g. the same level). */
  conditions?: (p: SqlParams) => string[];
  excludeId?: string;
}

export interface SimilarMatch {
  id: string;
  similarity: number;
}

/**
 * Existing measures that may duplicate a new one (guideline chapter V: an existing measure takes
 * precedence over a new one): same target group and area, and a large share of the new text's
 * German stems (PostgreSQL `german` text search) in the existing measure's title and summary.
 */
export async function findSimilarMeasures(
  q: Queryable,
  table: string,
  probe: SimilarityProbe,
  limit = 5,
): Promise<SimilarMatch[]> {
  if (probe.areas.length === 0 || probe.targetGroups.length === 0 || probe.text.trim() === '') return [];
  const p = new SqlParams();
  const stems = `(SELECT array_agg(DISTINCT s) FROM unnest(tsvector_to_array(to_tsvector('german', ${p.add(probe.text)}))) s)`;
  const conditions = [
    'm.archived_at IS NULL',
    `m.areas && ${p.add(probe.areas)}::text[]`,
    `m.target_groups && ${p.add(probe.targetGroups)}::text[]`,
    ...(probe.excludeId ? [`m.id <> ${p.add(probe.excludeId)}`] : []),
    ...(probe.conditions?.(p) ?? []),
  ];
  const rows = (await q.query(
    `WITH new AS (SELECT ${stems} AS stems),
     candidates AS (
       SELECT m.id, (cardinality(ARRAY(
                SELECT unnest(tsvector_to_array(m.search)) INTERSECT SELECT unnest(new.stems)
              ))::float / cardinality(new.stems)) AS similarity
       FROM ${table} m, new
       WHERE cardinality(new.stems) > 0 AND ${conditions.join(' AND ')}
         AND m.search @@ to_tsquery('simple', (SELECT string_agg(quote_literal(s), ' | ') FROM unnest(new.stems) s))
     )
     SELECT id, round(similarity::numeric, 3)::float AS similarity FROM candidates
     WHERE similarity >= ${p.add(SIMILARITY_THRESHOLD)}
     ORDER BY similarity DESC, id LIMIT ${p.add(limit)}`,
    p.values,
  )) as SimilarMatch[];
  return rows;
}

interface MeasureText {
  id: string;
  title: string;
  summary: string | null;
  areas: readonly string[];
  targetGroups: readonly string[];
}

/**
 * A policy's `similar` for a measure table: the measure's title and summary against the others
 * (not itself), within the scope's conditions on `m` (e.g. the same level, no drafts).
 */
export function similarMeasures<Row extends MeasureText>(
  table: string,
  scope: (p: SqlParams, row: Row) => string[],
): (q: Queryable, row: Row) => Promise<SimilarMatch[]> {
  return (q, row) =>
    findSimilarMeasures(q, table, {
      text: `${row.title} ${row.summary ?? ''}`,
      areas: row.areas,
      targetGroups: row.targetGroups,
      ...(row.id ? { excludeId: row.id } : {}),
      conditions: (p) => scope(p, row),
    });
}
