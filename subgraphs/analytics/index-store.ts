import type { DataSource, EntityManager } from 'typeorm';
import { notifyChange } from '../shared/platform/change-notify';
import { SEARCH_KINDS, type CatalogueSnapshot, type SearchKind } from './indexed-item';

/** Rows per INSERT: JSON parameters of a few MB each, however large the catalogue. */
const CHUNK = 2000;

const ITEM_COLUMNS = `id, kind, title, text, level, owner_code, owner_name, land, ars, areas, target_groups,
  status, success_control_status, evaluation_count, last_reviewed_at`;
const ITEM_RECORD = `id text, kind text, title text, text text, level text, owner_code text, owner_name text,
  land text, ars text, areas text[], target_groups text[], status text, success_control_status text,
  evaluation_count int, last_reviewed_at timestamptz`;

async function insertChunks(tx: EntityManager, rows: readonly unknown[], sql: string): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    await tx.query(sql, [JSON.stringify(rows.slice(start, start + CHUNK))]);
  }
}

export function countsByKind(snapshot: CatalogueSnapshot): Record<SearchKind, number> {
  const counts = Object.fromEntries(SEARCH_KINDS.map((k) => [k, 0])) as Record<SearchKind, number>;
  for (const item of snapshot.items) counts[item.kind] += 1;
  return counts;
}

/**
 * Replaces the whole index in one transaction: readers see the old index until the commit and
 * the new one after it, never a mix. A transaction-scoped advisory lock queues two refreshes
 * (e.g. of two replicas sharing the database) instead of interleaving them. The commit is
 * announced on the change channel (see change-notify.ts).
 */
export async function replaceIndex(db: DataSource, snapshot: CatalogueSnapshot, startedAt: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('analytics:refresh'))`);
    await tx.query(`DELETE FROM analytics.item`);
    // OFFSET 0 keeps the subquery apart, so each text is parsed once for both columns.
    await insertChunks(
      tx,
      snapshot.items,
      `INSERT INTO analytics.item (${ITEM_COLUMNS}, search, stems)
       SELECT ${ITEM_COLUMNS}, search, tsvector_to_array(search)
       FROM (SELECT r.*, setweight(to_tsvector('german', r.title), 'A') || setweight(to_tsvector('german', r.text), 'B')
                           AS search
             FROM jsonb_to_recordset($1::jsonb) AS r(${ITEM_RECORD}) OFFSET 0) parsed`,
    );
    // The search lexicon follows the index it is made of (see the CreateSearchLexicon migration).
    await tx.query(`DELETE FROM analytics.word`);
    await tx.query(`INSERT INTO analytics.word (word) SELECT DISTINCT unnest(stems) FROM analytics.item`);
    await tx.query(`DELETE FROM analytics.place`);
    await insertChunks(
      tx,
      snapshot.places,
      `INSERT INTO analytics.place (ars, name, level, land, population)
       SELECT ars, name, level, land, population
       FROM jsonb_to_recordset($1::jsonb) AS r(ars text, name text, level text, land text, population int)`,
    );
    await tx.query(
      `UPDATE analytics.sync_state
       SET synced_at = now(), counts = $1::jsonb, last_attempt_at = $2, last_error = NULL, duration_ms = $3`,
      // From the first call to the gateway to the last write; the commit follows at once.
      [JSON.stringify(countsByKind(snapshot)), startedAt, Date.now() - startedAt.getTime()],
    );
    // Answers built from the old index (coverage, overlaps, search) are stale once this commits.
    await notifyChange(tx, 'analytics');
  });
}

/** Records why a refresh failed; the index and `synced_at` of the last success stay as they are. */
export async function recordFailure(db: DataSource, message: string, startedAt: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`UPDATE analytics.sync_state SET last_error = $1, last_attempt_at = $2`, [message, startedAt]);
    // analyticsStatus shows the error.
    await notifyChange(tx, 'analytics');
  });
}

export interface SyncStateRow {
  syncedAt: Date | null;
  counts: Partial<Record<SearchKind, number>>;
  lastError: string | null;
  durationMs: number | null;
  lastAttemptAt: Date | null;
}

export async function readSyncState(db: DataSource): Promise<SyncStateRow> {
  const [row] = await db.query<SyncStateRow[]>(
    `SELECT synced_at AS "syncedAt", counts, last_error AS "lastError", duration_ms AS "durationMs",
            last_attempt_at AS "lastAttemptAt"
     FROM analytics.sync_state`,
  );
  return row ?? { syncedAt: null, counts: {}, lastError: null, durationMs: null, lastAttemptAt: null };
}
