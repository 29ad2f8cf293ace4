import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Exchange and coordination formats, in the subgraph's own schema `exchange`. */
export class CreateExchangeSchema1764115200000 implements MigrationInterface {
  name = 'CreateExchangeSchema1764115200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS exchange`);
    // array_to_string is only STABLE (it serves every element type), so a generated column may
    // not call it; for text[] the result cannot change, which this wrapper declares.
    await q.query(`
      CREATE FUNCTION exchange.text_array_to_string(text[]) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT pg_catalog.array_to_string($1, ' ') $$`);
    await q.query(`
      CREATE TABLE exchange.format (
        id text PRIMARY KEY,
        name text COLLATE "de-x-icu" NOT NULL,
        short_name text,
        type text NOT NULL,
        level text NOT NULL CHECK (level IN ('BUND', 'LAND', 'KOMMUNE')),
        convenor text,
        convenor_ressort text,
        coordinator_ressort text,
        joint_lead_ressorts text[] NOT NULL DEFAULT '{}',
        participant_kinds text[] NOT NULL DEFAULT '{}',
        since text,
        valid_from text,
        valid_to text,
        year int,
        sessions jsonb NOT NULL DEFAULT '[]',
        phases text[] NOT NULL DEFAULT '{}',
        facts text[] NOT NULL DEFAULT '{}',
        guideline_reference text NOT NULL,
        addresses_all_target_groups boolean NOT NULL DEFAULT false,
        target_groups text[] NOT NULL DEFAULT '{}',
        detailed_target_groups text[] NOT NULL DEFAULT '{}',
        related_federal_measures text[] NOT NULL DEFAULT '{}',
        notes text,
        sources text[] NOT NULL DEFAULT '{}',
        verified boolean NOT NULL DEFAULT true,
        synthetic boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL DEFAULT 'seed',
        version int NOT NULL DEFAULT 1,
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('german', coalesce(name, '') || ' ' || coalesce(short_name, '')), 'A') ||
          setweight(to_tsvector('german', exchange.text_array_to_string(facts)), 'B')
        ) STORED
      )`);
    // Array filters (&&, @>) use GIN; list order (name, id) uses the btree.
    await q.query(`CREATE INDEX format_target_groups_idx ON exchange.format USING gin (target_groups)`);
    await q.query(`CREATE INDEX format_participant_kinds_idx ON exchange.format USING gin (participant_kinds)`);
    await q.query(`CREATE INDEX format_order_idx ON exchange.format (name, id)`);
    await q.query(`CREATE INDEX format_search_idx ON exchange.format USING gin (search)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE exchange.format`);
    await q.query(`DROP FUNCTION exchange.text_array_to_string(text[])`);
  }
}
