import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { Land } from '../land';

/**
 * The Land's own tables in its own PostgreSQL schema `land_<namespace>`; it never reads or writes
 * another schema. Check constraints make the database itself refuse
 * - rows for places outside the Land (its ARS comes from land.ts, validated as 2 digits there),
 * - real rows without a source, and made-up rows (`is_example`) without a note saying so.
 *
 * FROZEN, like every shipped migration: databases have run it under the name
 * `CreateLand<Ns>Schema1765000000000` (land-by: CreateLandBySchema1765000000000), which TypeORM
 * keeps in its migrations table; the class is made per Land so that name and the SQL stay exactly
 * what each Land's own copy of this file used to say. tests/unit/land-kit.test.ts pins both.
 * A change to the tables is a new migration next to this one, never an edit here.
 */
export function createLandSchemaMigration(land: Land): new () => MigrationInterface {
  const schema = land.dbSchema;
  const name = `CreateLand${land.typePrefix}Schema1765000000000`;
  const migration = class implements MigrationInterface {
    name = name;

    async up(q: QueryRunner): Promise<void> {
      const kreisOfLand = `'^${land.ars}[0-9]{3}$'`;
      const placeOfLand = `'^${land.ars}([0-9]{3})?$'`;
      const honest = `CHECK (is_example OR cardinality(sources) > 0),
        CHECK (NOT is_example OR coalesce(note, '') <> '')`;
      await q.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await q.query(`
      CREATE TABLE ${schema}.course_place (
        id text PRIMARY KEY,
        kreis_ars text NOT NULL CHECK (kreis_ars ~ ${kreisOfLand}),
        measure_id text,
        course text COLLATE "de-x-icu" NOT NULL,
        provider text,
        seats int NOT NULL CHECK (seats >= 0),
        groups int CHECK (groups >= 0),
        period text,
        target_groups text[] NOT NULL DEFAULT '{}',
        is_example boolean NOT NULL,
        note text,
        sources text[] NOT NULL DEFAULT '{}',
        ${honest}
      )`);
      // Per place: ordered by Kreis, course, id; per target group: GIN on the array.
      await q.query(`CREATE INDEX course_place_order_idx ON ${schema}.course_place (kreis_ars, course, id)`);
      await q.query(`CREATE INDEX course_place_target_groups_idx ON ${schema}.course_place USING gin (target_groups)`);
      await q.query(`
      CREATE TABLE ${schema}.contact_point (
        id text PRIMARY KEY,
        kreis_ars text NOT NULL CHECK (kreis_ars ~ ${kreisOfLand}),
        name text COLLATE "de-x-icu" NOT NULL,
        services text[] NOT NULL DEFAULT '{}',
        target_groups text[] NOT NULL DEFAULT '{}',
        url text,
        is_example boolean NOT NULL,
        note text,
        sources text[] NOT NULL DEFAULT '{}',
        ${honest}
      )`);
      await q.query(`CREATE INDEX contact_point_order_idx ON ${schema}.contact_point (kreis_ars, name, id)`);
      await q.query(`
      CREATE TABLE ${schema}.measure_details (
        measure_id text PRIMARY KEY,
        ars text NOT NULL CHECK (ars ~ ${placeOfLand}),
        facts jsonb NOT NULL DEFAULT '[]',
        is_example boolean NOT NULL,
        note text,
        sources text[] NOT NULL DEFAULT '{}',
        ${honest}
      )`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE ${schema}.measure_details`);
      await q.query(`DROP TABLE ${schema}.contact_point`);
      await q.query(`DROP TABLE ${schema}.course_place`);
    }
  };
  // The class's own name too, for stack traces and TypeORM's logs.
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}
