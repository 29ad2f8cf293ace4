import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Target groups, Ressorts and federal measures, in the subgraph's own schema `federal`. */
export class CreateFederalSchema1764115200000 implements MigrationInterface {
  name = 'CreateFederalSchema1764115200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS federal`);
    await q.query(`
      CREATE TABLE federal.target_group (
        code text PRIMARY KEY,
        category text NOT NULL CHECK (category IN ('PRIMARY', 'SECONDARY', 'SPECIFIC_NEED', 'SOCIETY')),
        label_de text NOT NULL,
        label_en text NOT NULL,
        guideline_reference text NOT NULL,
        sort_order int NOT NULL UNIQUE
      )`);
    await q.query(`
      CREATE TABLE federal.ressort (
        code text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL,
        parent_code text REFERENCES federal.ressort (code),
        seat text,
        napi_forum_lead boolean NOT NULL DEFAULT false,
        notes text,
        sources text[] NOT NULL DEFAULT '{}',
        verified boolean NOT NULL DEFAULT true,
        sort_order int NOT NULL DEFAULT 0,
        updated_by text NOT NULL DEFAULT 'seed',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE federal.measure (
        id text PRIMARY KEY,
        title text COLLATE "de-x-icu" NOT NULL,
        short_title text,
        summary text,
        type text NOT NULL,
        implementation_level text CHECK (implementation_level IN ('BUND', 'LAND', 'KOMMUNE')),
        areas text[] NOT NULL CHECK (cardinality(areas) > 0),
        target_groups text[] NOT NULL CHECK (cardinality(target_groups) > 0),
        detailed_target_groups text[] NOT NULL DEFAULT '{}',
        grundangebot text NOT NULL,
        owner_code text NOT NULL REFERENCES federal.ressort (code),
        implementers jsonb NOT NULL DEFAULT '[]',
        legal_basis text[] NOT NULL DEFAULT '{}',
        languages text[] NOT NULL DEFAULT '{}',
        status text NOT NULL CHECK (status IN ('ACTIVE', 'PLANNED', 'ENDED')),
        url text,
        since text,
        valid_from text,
        valid_to text,
        min_age int,
        max_age_exclusive int,
        napi_phases text[] NOT NULL DEFAULT '{}',
        funding text,
        facts text[] NOT NULL DEFAULT '{}',
        notes text,
        eligibility_rules jsonb NOT NULL DEFAULT '[]',
        sources text[] NOT NULL DEFAULT '{}',
        verified boolean NOT NULL DEFAULT true,
        synthetic boolean NOT NULL DEFAULT false,
        last_reviewed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL DEFAULT 'seed',
        version int NOT NULL DEFAULT 1,
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('german', coalesce(title, '') || ' ' || coalesce(short_title, '')), 'A') ||
          setweight(to_tsvector('german', coalesce(summary, '')), 'B')
        ) STORED
      )`);
    // Array filters (&&) use GIN; list order (title, id) uses the btree.
    await q.query(`CREATE INDEX measure_target_groups_idx ON federal.measure USING gin (target_groups)`);
    await q.query(`CREATE INDEX measure_areas_idx ON federal.measure USING gin (areas)`);
    await q.query(`CREATE INDEX measure_owner_idx ON federal.measure (owner_code, title, id)`);
    await q.query(`CREATE INDEX measure_grundangebot_idx ON federal.measure (grundangebot, title, id)`);
    await q.query(`CREATE INDEX measure_order_idx ON federal.measure (title, id)`);
    await q.query(`CREATE INDEX measure_search_idx ON federal.measure USING gin (search)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE federal.measure`);
    await q.query(`DROP TABLE federal.ressort`);
    await q.query(`DROP TABLE federal.target_group`);
  }
}
