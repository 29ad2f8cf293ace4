import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The search lexicon: every distinct German stem of the index, one row each. A query word is
 * looked up in it to find the compounds that contain it ("sprachkur" in "berufssprachkurs") and
 * to split a query compound into words the index knows ("sprach" + "kur"), so that one search
 * stays one statement however many words it has. The refresh rewrites it with the index
 * (index-store.ts). A few thousand short rows: a sequential strpos() over them costs less than
 * keeping a trigram index (pg_trgm) and its extension in step with the database roles.
 */
export class CreateSearchLexicon1766000000000 implements MigrationInterface {
  name = 'CreateSearchLexicon1766000000000';

  async up(q: QueryRunner): Promise<void> {
    // Byte order ("C"), so that the words beginning with a part are one range of the key.
    await q.query(`CREATE TABLE analytics.word (word text COLLATE "C" PRIMARY KEY)`);
    // An index filled before this migration gets its lexicon now, not only at the next refresh.
    await q.query(`INSERT INTO analytics.word (word) SELECT DISTINCT unnest(stems) FROM analytics.item`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE analytics.word`);
  }
}
