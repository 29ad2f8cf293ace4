import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Institutes, research outputs and their links to measures, in the subgraph's own schema `research`. */
export class CreateResearchSchema1764115200000 implements MigrationInterface {
  name = 'CreateResearchSchema1764115200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS research`);
    await q.query(`
      CREATE TABLE research.institute (
        code text PRIMARY KEY,
        name text NOT NULL,
        short_name text NOT NULL,
        parent_organisation text,
        -- A Ressort code of the federal subgraph; another schema, so no foreign key.
        ressort text,
        guideline_role text NOT NULL,
        url text,
        facts text[] NOT NULL DEFAULT '{}',
        sources text[] NOT NULL DEFAULT '{}',
        verified boolean NOT NULL DEFAULT true,
        sort_order int NOT NULL DEFAULT 0,
        updated_by text NOT NULL DEFAULT 'seed',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // array_to_string is only STABLE in general (element output can depend on settings), but
    // for text[] it is not, and a generated column needs an IMMUTABLE expression.
    await q.query(`
      CREATE FUNCTION research.join_text(text[]) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT array_to_string($1, ' ') $$`);
    await q.query(`
      CREATE TABLE research.output (
        id text PRIMARY KEY,
        title text COLLATE "de-x-icu" NOT NULL,
        type text NOT NULL CHECK (type IN (
          'PANEL_STUDY', 'RESEARCH_REPORT', 'SHORT_ANALYSIS', 'BRIEF_REPORT', 'BAROMETER',
          'ANNUAL_REPORT', 'MONITOR', 'RESEARCH_INFRASTRUCTURE', 'SITUATION_REPORT',
          'MONITORING_REPORT', 'REPORT', 'STATISTICAL_ATLAS', 'EVALUATION')),
        series text,
        number text,
        year int,
        year_started int,
        published_on text,
        authors text[] NOT NULL DEFAULT '{}',
        editors text[] NOT NULL DEFAULT '{}',
        doi text,
        url text,
        lead_institute text REFERENCES research.institute (code),
        institutes text[] NOT NULL DEFAULT '{}',
        publishers text[] NOT NULL DEFAULT '{}',
        publisher_ressorts text[] NOT NULL DEFAULT '{}',
        commissioned_by text,
        funded_by text[] NOT NULL DEFAULT '{}',
        -- Unlike measures, an output may have no area or target group: annual reports cover all.
        areas text[] NOT NULL DEFAULT '{}',
        target_groups text[] NOT NULL DEFAULT '{}',
        detailed_target_groups text[] NOT NULL DEFAULT '{}',
        part_of text REFERENCES research.output (id),
        facts text[] NOT NULL DEFAULT '{}',
        notes text,
        sources text[] NOT NULL DEFAULT '{}',
        verified boolean NOT NULL DEFAULT true,
        synthetic boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL DEFAULT 'seed',
        version int NOT NULL DEFAULT 1,
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('german', coalesce(title, '')), 'A') ||
          setweight(to_tsvector('german', research.join_text(facts)), 'B')
        ) STORED,
        CHECK (part_of <> id),
        CHECK (lead_institute IS NULL OR lead_institute = ANY(institutes))
      )`);
    // Every list of outputs is newest first; the btrees match that order so a page is an index scan.
    await q.query(`
      CREATE INDEX output_order_idx ON research.output
        ((coalesce(year, year_started)) DESC NULLS LAST, title, id)`);
    await q.query(`
      CREATE INDEX output_part_of_idx ON research.output
        (part_of, (coalesce(year, year_started)) DESC NULLS LAST, title, id)`);
    await q.query(`CREATE INDEX output_target_groups_idx ON research.output USING gin (target_groups)`);
    await q.query(`CREATE INDEX output_areas_idx ON research.output USING gin (areas)`);
    await q.query(`CREATE INDEX output_institutes_idx ON research.output USING gin (institutes)`);
    await q.query(`CREATE INDEX output_search_idx ON research.output USING gin (search)`);
    await q.query(`
      CREATE TABLE research.measure_link (
        output_id text NOT NULL REFERENCES research.output (id) ON DELETE CASCADE,
        -- A measure of the federal or laender subgraph; another schema, so no foreign key.
        measure_id text NOT NULL,
        subgraph text NOT NULL CHECK (subgraph IN ('federal', 'laender')),
        kind text NOT NULL CHECK (kind IN ('EVALUATION', 'MONITORING', 'STATISTICS', 'CONTEXT')),
        reason text NOT NULL,
        PRIMARY KEY (output_id, measure_id, kind)
      )`);
    // The primary key serves lookups by output; measures look their research up by this one.
    await q.query(`CREATE INDEX measure_link_measure_idx ON research.measure_link (measure_id, subgraph, kind)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE research.measure_link`);
    await q.query(`DROP TABLE research.output`);
    await q.query(`DROP FUNCTION research.join_text(text[])`);
    await q.query(`DROP TABLE research.institute`);
  }
}
