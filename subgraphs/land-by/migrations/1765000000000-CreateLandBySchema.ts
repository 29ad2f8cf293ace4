import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LAND } from '../land';

/**
 * The Land's own tables in its own PostgreSQL schema `land_by`; it never reads or writes another
 * schema. Check constraints make the database itself refuse
 * - rows for places outside the Land (its ARS comes from land.ts, validated as 2 digits there),
 * - real rows without a source, and made-up rows (`is_example`) without a note saying so.
 */
export class CreateLandBySchema1765000000000 implements MigrationInterface {
  name = 'CreateLandBySchema1765000000000';

  async up(q: QueryRunner): Promise<void> {
    const kreisOfLand = `'^${LAND.ars}[0-9]{3}$'`;
    const placeOfLand = `'^${LAND.ars}([0-9]{3})?$'`;
    const honest = `CHECK (is_example OR cardinality(sources) > 0),
        CHECK (NOT is_example OR coalesce(note, '') <> '')`;
    await q.query(`CREATE SCHEMA IF NOT EXISTS land_by`);
    await q.query(`
      CREATE TABLE land_by.course_place (
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
    await q.query(`CREATE INDEX course_place_order_idx ON land_by.course_place (kreis_ars, course, id)`);
    await q.query(`CREATE INDEX course_place_target_groups_idx ON land_by.course_place USING gin (target_groups)`);
    await q.query(`
      CREATE TABLE land_by.contact_point (
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
    await q.query(`CREATE INDEX contact_point_order_idx ON land_by.contact_point (kreis_ars, name, id)`);
    await q.query(`
      CREATE TABLE land_by.measure_details (
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
    await q.query(`DROP TABLE land_by.measure_details`);
    await q.query(`DROP TABLE land_by.contact_point`);
    await q.query(`DROP TABLE land_by.course_place`);
  }
}
