import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Places (Länder and Kreise) and regional measures, in the subgraph's own schema `laender`. */
export class CreateLaenderSchema1764115200000 implements MigrationInterface {
  name = 'CreateLaenderSchema1764115200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS laender`);
    await q.query(`
      CREATE TABLE laender.place (
        ars text PRIMARY KEY CHECK (ars ~ '^[0-9]{2}([0-9]{3})?$'),
        name text NOT NULL,
        official_name text,
        level text NOT NULL CHECK (level IN ('LAND', 'KOMMUNE')),
        kind text NOT NULL,
        land_ars text NOT NULL REFERENCES laender.place (ars),
        is_stadtstaat boolean NOT NULL DEFAULT false,
        iso3166_2 text,
        abbreviation text,
        capital text,
        nuts3 text,
        population int,
        area_km2 double precision,
        statistics_as_of text NOT NULL,
        sources text[] NOT NULL DEFAULT '{}',
        CHECK ((level = 'LAND') = (ars = land_ars))
      )`);
    await q.query(`CREATE INDEX place_land_idx ON laender.place (land_ars, ars)`);
    await q.query(`
      CREATE TABLE laender.measure (
        id text PRIMARY KEY,
        title text COLLATE "de-x-icu" NOT NULL,
        short_title text,
        summary text,
        type text NOT NULL,
        level text NOT NULL CHECK (level IN ('LAND', 'KOMMUNE')),
        implementation_level text CHECK (implementation_level IN ('BUND', 'LAND', 'KOMMUNE')),
        ars text NOT NULL REFERENCES laender.place (ars),
        land text NOT NULL REFERENCES laender.place (ars),
        responsible text,
        partners text[] NOT NULL DEFAULT '{}',
        parent_federal_measure text,
        parent_regional_measure text REFERENCES laender.measure (id),
        areas text[] NOT NULL CHECK (cardinality(areas) > 0),
        target_groups text[] NOT NULL CHECK (cardinality(target_groups) > 0),
        detailed_target_groups text[] NOT NULL DEFAULT '{}',
        legal_basis text[] NOT NULL DEFAULT '{}',
        languages text[] NOT NULL DEFAULT '{}',
        status text NOT NULL CHECK (status IN ('ACTIVE', 'PLANNED', 'ENDED')),
        url text,
        since text,
        valid_from text,
        valid_to text,
        min_age int,
        max_age_exclusive int,
        funding text,
        facts text[] NOT NULL DEFAULT '{}',
        notes text,
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
        ) STORED,
        -- A Land measure sits at its Land; a Kommune measure at a Kreis of that Land.
        CHECK (land = left(ars, 2)),
        CHECK ((level = 'LAND') = (length(ars) = 2))
      )`);
    await q.query(`CREATE INDEX measure_ars_idx ON laender.measure (ars, title, id)`);
    await q.query(`CREATE INDEX measure_land_idx ON laender.measure (land, title, id)`);
    await q.query(`CREATE INDEX measure_order_idx ON laender.measure (title, id)`);
    await q.query(`CREATE INDEX measure_target_groups_idx ON laender.measure USING gin (target_groups)`);
    await q.query(`CREATE INDEX measure_areas_idx ON laender.measure USING gin (areas)`);
    await q.query(`CREATE INDEX measure_parent_federal_idx ON laender.measure (parent_federal_measure)`);
    await q.query(`CREATE INDEX measure_search_idx ON laender.measure USING gin (search)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE laender.measure`);
    await q.query(`DROP TABLE laender.place`);
  }
}
