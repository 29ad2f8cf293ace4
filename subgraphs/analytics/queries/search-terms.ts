/**
 * The SQL that turns a search text into three tsqueries of growing reach, in one statement
 * (common table expressions to put in front of the search): German words are glued together,
 * and Snowball's stemmer does not take compounds apart.
 *
 * - `q0`, the word and its stem: web-search syntax (words, "phrases", -excluded, or) through
 *   `websearch_to_tsquery('german')`, and every stem of four or more letters also as a prefix,
 *   without a trailing s ("Integrationskurse" → integrationskurs, "Integrationskurs" →
 *   integrationskur: each finds the other; "Arbeit" finds "Arbeitsmarktprogramm").
 * - `q1`, also the compounds that contain it: every word of the lexicon (analytics.word) that has
 *   the stem inside ("Sprachkurs" → berufssprachkurs).
 * - `q2`, also its parts: a compound split where both parts are words of the index (the first
 *   possibly with its linking s, "Integrations|kurs"), each part matched like a word of `q1`, all
 *   parts required ("Sprachkurs" → sprach & kur).
 *
 * Words in a phrase or after a minus keep the plain stem form in all three, so `q0 ⊆ q1 ⊆ q2`
 * and a phrase or an exclusion means what it says. Each tsquery keeps the operators of the text.
 */

/** Compounds looked up per word or part: enough for recall, few enough for a small tsquery. */
const WORDS_PER_TERM = 50;
const WORDS_PER_PART = 20;

/** A lexeme as tsquery text: quoted, with quotes and backslashes escaped. */
const lexemeSql = (sql: string) => `('''' || replace(replace(${sql}, '\\', '\\\\'), '''', '''''') || '''')`;

/** The words of the lexicon that contain `part` after its first letter, as ` | 'w1' | 'w2' …`. */
const containingSql = (part: string, limit: number) => `coalesce((
    SELECT string_agg(' | ' || ${lexemeSql('w.word')}, '' ORDER BY length(w.word), w.word)
    FROM (SELECT word FROM analytics.word WHERE strpos(word, ${part}) > 1
          ORDER BY length(word), word LIMIT ${limit}) w), '')`;

/**
 * `textParam` is the placeholder of the search text. Defines `search_terms(q0, q1, q2)`, one row.
 */
export function searchTermsSql(textParam: string): string {
  return `search_tokens AS (
    -- The tsquery's text split into lexemes ('…') and what lies between them (operators, brackets).
    SELECT r.n, r.m[1] AS token, coalesce(r.m[2], '') AS op,
           replace(substr(r.m[1], 2, length(r.m[1]) - 2), '''''', '''') AS lexeme
    FROM regexp_matches(websearch_to_tsquery('german', ${textParam})::text, $$('(?:[^']|'')+')|([^']+)$$, 'g')
         WITH ORDINALITY AS r(m, n)),
  search_words AS (
    SELECT t.n, t.token, t.op,
           regexp_replace(t.token, $$^'([^']{4,}?)s?'$$, $$'\\1':*$$) AS stem,
           regexp_replace(t.lexeme, '^(.{4,}?)s?$', '\\1') AS core,
           t.token IS NOT NULL AND t.lexeme !~ '[''\\\\]'
             AND coalesce(lag(t.op) OVER w, '') !~ '(!|<(-|\\d+)>)\\s*\\(?\\s*$'
             AND coalesce(lead(t.op) OVER w, '') !~ '^\\s*\\)?\\s*<(-|\\d+)>' AS free
    FROM search_tokens t WINDOW w AS (ORDER BY t.n)),
  search_splits AS (
    SELECT w.n, k, a.word AS a, substr(w.core, k + 1) AS b
    -- A constant series (words end before letter 40) keeps the planner's estimate small: a large
    -- one would compile the statement to machine code (JIT), which costs more than it runs.
    FROM search_words w CROSS JOIN generate_series(4, 40) AS k
    CROSS JOIN LATERAL (
      SELECT l.word FROM analytics.word l
      WHERE l.word = ANY(ARRAY[left(w.core, k), CASE WHEN right(left(w.core, k), 1) = 's' THEN left(w.core, k - 1) END])
      ORDER BY length(l.word) DESC LIMIT 1) a
    WHERE w.free AND k <= length(w.core) - 3
      -- Some word of the index begins with the rest: a range of the lexicon's C-ordered key.
      AND EXISTS (SELECT 1 FROM analytics.word l
                  WHERE l.word >= substr(w.core, k + 1) AND l.word < substr(w.core, k + 1) || chr(1114111))),
  search_parts AS (
    SELECT s.n, s.k, '((' || string_agg(${lexemeSql('p.part')} || ':*' || ${containingSql('p.part', WORDS_PER_PART)},
                                     ') & (' ORDER BY p.side) || '))' AS pair
    FROM search_splits s CROSS JOIN LATERAL (VALUES (1, s.a), (2, s.b)) AS p(side, part)
    GROUP BY s.n, s.k),
  search_forms AS (
    SELECT w.n, w.token IS NOT NULL AS is_lexeme, w.op, w.stem,
           CASE WHEN w.free AND length(w.core) >= 4 THEN ${containingSql('w.core', WORDS_PER_TERM)} ELSE '' END AS compounds,
           coalesce((SELECT string_agg(' | ' || p.pair, '' ORDER BY p.k) FROM search_parts p WHERE p.n = w.n), '')
             AS parts
    FROM search_words w),
  search_terms AS (
    SELECT coalesce(string_agg(CASE WHEN is_lexeme THEN stem ELSE op END, '' ORDER BY n), '')::tsquery AS q0,
           coalesce(string_agg(CASE WHEN is_lexeme THEN '(' || stem || compounds || ')' ELSE op END, '' ORDER BY n), '')
             ::tsquery AS q1,
           coalesce(string_agg(CASE WHEN is_lexeme THEN '(' || stem || compounds || parts || ')' ELSE op END, ''
                               ORDER BY n), '')::tsquery AS q2
    FROM search_forms)`;
}
