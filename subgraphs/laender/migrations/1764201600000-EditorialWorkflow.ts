import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What editors need: the fields the chapter V rules ask for (a regional measure also says which
 * Grundangebot building block it complements), internal fields, drafts, archiving, external ids
 * for imports, and the audit trail.
 */
export class EditorialWorkflow1764201600000 implements MigrationInterface {
  name = 'EditorialWorkflow1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE laender.measure
        ADD COLUMN grundangebot text,
        ADD COLUMN external_id text UNIQUE,
        ADD COLUMN can_oblige_participation boolean NOT NULL DEFAULT false,
        ADD COLUMN obligation_enforcement text,
        ADD COLUMN funding_method text
          CHECK (funding_method IN ('PROJECT_FUNDING', 'PROGRAMME', 'STRUCTURE_BUILDING', 'STATUTORY')),
        ADD COLUMN model_project boolean NOT NULL DEFAULT false,
        ADD COLUMN test_phase_ends_on text,
        ADD COLUMN scaling_plan text,
        ADD COLUMN success_control jsonb,
        ADD COLUMN budget text,
        ADD COLUMN contacts jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN coordination_status text
          CHECK (coordination_status IN ('NOT_SUBMITTED', 'IN_COORDINATION', 'COORDINATED')),
        ADD COLUMN draft boolean NOT NULL DEFAULT false,
        ADD COLUMN archived_at timestamptz,
        ADD COLUMN archive_reason text,
        ADD COLUMN last_reviewed_by text`);
    // Regional measures sit beside the Bund's Grundangebote; until an editor says otherwise they
    // complement them.
    await q.query(`UPDATE laender.measure SET grundangebot = 'COMPLEMENTARY'`);
    await q.query(`ALTER TABLE laender.measure ALTER COLUMN grundangebot SET DEFAULT 'COMPLEMENTARY'`);
    await q.query(`ALTER TABLE laender.measure ALTER COLUMN grundangebot SET NOT NULL`);
    await q.query(`CREATE INDEX measure_review_idx ON laender.measure (ars, last_reviewed_at)`);
    await q.query(`
      CREATE TABLE laender.history (
        id bigserial PRIMARY KEY,
        entity_id text NOT NULL,
        version int NOT NULL,
        action text NOT NULL CHECK (action IN ('CREATE', 'UPDATE', 'ARCHIVE', 'REVIEW', 'IMPORT')),
        actor text NOT NULL,
        actor_name text,
        at timestamptz NOT NULL DEFAULT now(),
        request_id text,
        note text,
        changes jsonb NOT NULL DEFAULT '[]',
        UNIQUE (entity_id, version)
      )`);
    await q.query(`CREATE INDEX history_entity_idx ON laender.history (entity_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE laender.history`);
    await q.query(`DROP INDEX laender.measure_review_idx`);
    await q.query(`
      ALTER TABLE laender.measure
        DROP COLUMN grundangebot, DROP COLUMN external_id, DROP COLUMN can_oblige_participation,
        DROP COLUMN obligation_enforcement, DROP COLUMN funding_method, DROP COLUMN model_project,
        DROP COLUMN test_phase_ends_on, DROP COLUMN scaling_plan, DROP COLUMN success_control,
        DROP COLUMN budget, DROP COLUMN contacts, DROP COLUMN coordination_status, DROP COLUMN draft,
        DROP COLUMN archived_at, DROP COLUMN archive_reason, DROP COLUMN last_reviewed_by`);
  }
}
