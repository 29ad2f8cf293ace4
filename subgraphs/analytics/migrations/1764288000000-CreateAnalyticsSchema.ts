import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The analytics read model in its own schema `analytics`: what the other subgraphs publish
 * through the gateway, copied here so that the coordination queries are one SQL statement each.
 * Nothing here is the source of any fact; a refresh replaces all of it.
 */
export class CreateAnalyticsSchema1764288000000 implements MigrationInterface {
  name = 'CreateAnalyticsSchema1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS analytics`);
    // One row per published item of any kind. `owner_code` / `owner_name`: the Ressort (federal),
    // the owning place's ARS and name (regional), the lead institute or publisher (research), the
    // convening or coordinating Ressort or the convenor (exchange). `text` is what the search
    // weighs below the title: a measure's summary, an output's or a format's facts.
    await q.query(`
      CREATE TABLE analytics.item (
        id text PRIMARY KEY,
        kind text NOT NULL
          CHECK (kind IN ('FEDERAL_MEASURE', 'REGIONAL_MEASURE', 'RESEARCH_OUTPUT', 'EXCHANGE_FORMAT')),
        title text COLLATE "de-x-icu" NOT NULL,
        text text NOT NULL DEFAULT '',
        level text CHECK (level IN ('BUND', 'LAND', 'KOMMUNE')),
        owner_code text,
        owner_name text COLLATE "de-x-icu",
        land text,
        ars text,
        areas text[] NOT NULL DEFAULT '{}',
        target_groups text[] NOT NULL DEFAULT '{}',
        status text CHECK (status IN ('ACTIVE', 'PLANNED', 'ENDED')),
        success_control_status text CHECK (success_control_status IN ('DONE', 'RUNNING', 'PLANNED')),
        evaluation_count int NOT NULL DEFAULT 0,
        last_reviewed_at timestamptz,
        -- German full text, title weighted A and text B; and its distinct stems (stop words
        -- dropped) for similarity. Both are computed once per row as the refresh inserts it
        -- (index-store.ts); as generated columns the text would be parsed twice.
        search tsvector NOT NULL,
        stems text[] NOT NULL
      )`);
    // Search uses the GIN index, the per-owner lists the btree; the matrix, the per-owner and
    // per-place counts read the whole (small) table once, so more indexes would only slow the
    // refresh down.
    await q.query(`CREATE INDEX item_search_idx ON analytics.item USING gin (search)`);
    await q.query(`CREATE INDEX item_kind_owner_idx ON analytics.item (kind, level, owner_code)`);

    await q.query(`
      CREATE TABLE analytics.place (
        ars text PRIMARY KEY,
        name text COLLATE "de-x-icu" NOT NULL,
        level text NOT NULL CHECK (level IN ('LAND', 'KOMMUNE')),
        land text NOT NULL,
        population int
      )`);

    // Exactly one row: when the index was last rebuilt, what it holds, and why the last attempt
    // failed if it did (the index from the last success stays).
    await q.query(`
      CREATE TABLE analytics.sync_state (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        synced_at timestamptz,
        counts jsonb NOT NULL DEFAULT '{}',
        duration_ms int,
        last_attempt_at timestamptz,
        last_error text
      )`);
    await q.query(`INSERT INTO analytics.sync_state (id) VALUES (true)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE analytics.sync_state`);
    await q.query(`DROP TABLE analytics.place`);
    await q.query(`DROP TABLE analytics.item`);
  }
}
