import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What exchange editors need (as for federal measures): external ids, drafts, archiving, the
 * six-monthly review and the audit trail. `version`, `updated_by` and `updated_at` exist already.
 */
export class EditorialWorkflow1764201600000 implements MigrationInterface {
  name = 'EditorialWorkflow1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE exchange.format
        ADD COLUMN external_id text UNIQUE,
        ADD COLUMN draft boolean NOT NULL DEFAULT false,
        ADD COLUMN archived_at timestamptz,
        ADD COLUMN archive_reason text,
        ADD COLUMN last_reviewed_at timestamptz,
        ADD COLUMN last_reviewed_by text`);
    await q.query(`
      CREATE TABLE exchange.history (
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
    await q.query(`CREATE INDEX history_entity_idx ON exchange.history (entity_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE exchange.history`);
    await q.query(`
      ALTER TABLE exchange.format
        DROP COLUMN external_id, DROP COLUMN draft, DROP COLUMN archived_at, DROP COLUMN archive_reason,
        DROP COLUMN last_reviewed_at, DROP COLUMN last_reviewed_by`);
  }
}
