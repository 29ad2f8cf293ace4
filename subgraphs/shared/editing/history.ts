import { notifySql, schemaOfTable } from '../platform/change-notify';
import type { Page } from '../loading/paging';
import { fetchPagePerKey } from '../loading/paged-sql';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export type HistoryAction = 'CREATE' | 'UPDATE' | 'ARCHIVE' | 'REVIEW' | 'IMPORT';

export interface HistoryRecord {
  entityId: string;
  version: number;
  action: HistoryAction;
  actor: string;
  actorName: string | null;
  requestId: string | null;
  note: string | null;
  changes: FieldChange[];
}

export interface HistoryRow extends HistoryRecord {
  at: Date;
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Every subgraph keeps its audit trail in its own `<schema>.history` table, written in the same
 * transaction as the change it describes, so a change without its record cannot exist.
 *
 * Every audited write passes here (creates, updates, archive, review, imports), so this is also
 * where the write is announced on the change channel (see change-notify.ts): in the same
 * statement, so it costs no extra round trip, and delivered only if the transaction commits.
 */
export async function recordHistory(q: Queryable, table: string, r: HistoryRecord): Promise<void> {
  await q.query(
    `INSERT INTO ${table} (entity_id, version, action, actor, actor_name, request_id, note, changes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
     RETURNING ${notifySql(schemaOfTable(table))}`,
    [r.entityId, r.version, r.action, r.actor, r.actorName, r.requestId, r.note, JSON.stringify(r.changes)],
  );
}

/** The history of many objects at once, newest first, one page each. */
export function historyForEntities(
  q: Queryable,
  table: string,
  ids: readonly string[],
  page: Page,
): Promise<HistoryRow[][]> {
  return fetchPagePerKey<HistoryRow>(
    q,
    ids,
    () => ({
      columns: `h.entity_id AS "entityId", h.version, h.action, h.actor, h.actor_name AS "actorName",
        h.request_id AS "requestId", h.note, h.changes, h.at`,
      from: `${table} h`,
      conditions: ['h.entity_id = k.key'],
      order: 'h.id DESC',
    }),
    page,
  );
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The fields whose values differ between two states of an object, in the order given. */
export function changedFields<T extends object>(
  before: T | null,
  after: T,
  fields: readonly (keyof T & string)[],
): FieldChange[] {
  return fields
    .filter((f) => !same(before?.[f], after[f]))
    .map((f) => ({ field: f, from: before?.[f] ?? null, to: after[f] ?? null }));
}
