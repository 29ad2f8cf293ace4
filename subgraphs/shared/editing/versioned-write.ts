import type { Viewer } from '../platform/auth/viewer';
import { notifyChange, schemaOfTable } from '../platform/change-notify';
import { conflict, notFound } from '../platform/errors';
import { recordHistory, type FieldChange, type HistoryAction } from './history';
import { SqlParams } from '../loading/paged-sql';

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** A writable field: its name on the row object and its column with the PostgreSQL type. */
export interface ColumnSpec<Row> {
  field: keyof Row & string;
  column: string;
  /** text, text[], int, boolean, jsonb, timestamptz, … */
  type: string;
}

/** Who writes and under which request, for the audit record. */
export interface WriteActor {
  viewer: Viewer;
  requestId: string | null;
}

export interface VersionedTable<Row> {
  /** For error messages: "Federal measure". */
  what: string;
  table: string;
  historyTable: string;
  columns: readonly ColumnSpec<Row>[];
  /** Loads the row and locks it until the transaction ends. */
  lockRow(q: Queryable, id: string): Promise<Row | null>;
}

function encode(value: unknown, type: string): unknown {
  // pg sends JS arrays as PostgreSQL arrays; jsonb wants JSON text, or arrays of objects break.
  return type === 'jsonb' && value != null ? JSON.stringify(value) : (value ?? null);
}

function returnedVersion(raw: unknown): number | undefined {
  const rows = Array.isArray(raw) && Array.isArray(raw[0]) ? (raw[0] as unknown[]) : (raw as unknown[]);
  const first = rows[0] as { version?: number } | undefined;
  return first?.version;
}

function actorColumns(actor: WriteActor) {
  return { subject: actor.viewer.subject ?? 'anonymous', name: actor.viewer.name };
}

/**
 * Inserts a new object at version 1 and records its creation, in the caller's transaction.
 * `row` holds every writable field; `extra` sets columns outside the spec (e.g. last_reviewed_at).
 */
export async function insertVersioned<Row extends { id: string }>(
  q: Queryable,
  table: VersionedTable<Row>,
  row: Row,
  actor: WriteActor,
  action: Extract<HistoryAction, 'CREATE' | 'IMPORT'>,
  extraSql: Record<string, string> = {},
): Promise<void> {
  const p = new SqlParams();
  const columns = ['id', ...table.columns.map((c) => c.column)];
  const values = [
    `${p.add(row.id)}::text`,
    ...table.columns.map((c) => `${p.add(encode(row[c.field], c.type))}::${c.type}`),
  ];
  const who = actorColumns(actor);
  const extraColumns = Object.keys(extraSql);
  await q.query(
    `INSERT INTO ${table.table} (${[...columns, 'version', 'updated_by', ...extraColumns].join(', ')})
     VALUES (${[...values, '1', p.add(who.subject), ...Object.values(extraSql)].join(', ')})`,
    p.values,
  );
  await recordHistory(q, table.historyTable, {
    entityId: row.id,
    version: 1,
    action,
    actor: who.subject,
    actorName: who.name,
    requestId: actor.requestId,
    note: null,
    changes: table.columns
      .filter((c) => row[c.field] != null)
      .map((c) => ({ field: c.field, from: null, to: row[c.field] })),
  });
}

/** The writable columns whose values differ between two states of a row. */
export function changedColumns<Row>(
  table: Pick<VersionedTable<Row>, 'columns'>,
  current: Row,
  next: Row,
): ColumnSpec<Row>[] {
  return table.columns.filter(
    (c) => JSON.stringify(current[c.field] ?? null) !== JSON.stringify(next[c.field] ?? null),
  );
}

/**
 * Inserts many new objects at version 1 with their history records in a few statements (rows
 * travel as one JSON parameter per chunk), for bulk imports. Same effect as insertVersioned per row.
 */
export async function insertManyVersioned<Row extends { id: string }>(
  q: Queryable,
  table: VersionedTable<Row>,
  rows: readonly Row[],
  actor: WriteActor,
  action: Extract<HistoryAction, 'CREATE' | 'IMPORT'>,
  chunkSize = 1000,
): Promise<void> {
  const who = actorColumns(actor);
  const columns = [{ column: 'id', type: 'text' }, ...table.columns];
  const recordType = columns.map((c) => `${c.column} ${c.type}`).join(', ');
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    const records = chunk.map((row) => {
      const record: Record<string, unknown> = { id: row.id };
      for (const c of table.columns) record[c.column] = row[c.field] ?? null;
      return record;
    });
    await q.query(
      `INSERT INTO ${table.table} (${[...columns.map((c) => c.column), 'version', 'updated_by'].join(', ')})
       SELECT ${columns.map((c) => c.column).join(', ')}, 1, $2 FROM jsonb_to_recordset($1::jsonb) AS x(${recordType})`,
      [JSON.stringify(records), who.subject],
    );
    const history = chunk.map((row) => ({
      entity_id: row.id,
      changes: table.columns
        .filter((c) => row[c.field] != null)
        .map((c) => ({ field: c.field, from: null, to: row[c.field] })),
    }));
    await q.query(
      `INSERT INTO ${table.historyTable} (entity_id, version, action, actor, actor_name, request_id, changes)
       SELECT entity_id, 1, $2, $3, $4, $5, changes FROM jsonb_to_recordset($1::jsonb) AS x(entity_id text, changes jsonb)`,
      [JSON.stringify(history), action, who.subject, who.name, actor.requestId],
    );
  }
  // History rows written here bypass recordHistory, so the change is announced here.
  if (rows.length > 0) await notifyChange(q, schemaOfTable(table.historyTable));
}

export interface UpdateStep<Row> {
  id: string;
  /** The version the caller read; anything else is a CONFLICT and nothing changes. */
  expectedVersion: number;
  action: Exclude<HistoryAction, 'CREATE'>;
  note?: string | null;
  /** Throws FORBIDDEN (or NOT_FOUND for what the caller may not see) before anything else. */
  authorize(current: Row): void;
  /** The new state of the writable fields. */
  apply(current: Row): Row;
  /** Checks the new state (may throw VALIDATION_FAILED) before anything is written. */
  validate?(next: Row, current: Row): Promise<void>;
  /** Columns set whatever the fields say, e.g. archived_at = now(). */
  extraSql?: Record<string, string>;
  /** Records the write even when no field changed (a review confirms the data as it is). */
  recordUnchanged?: boolean;
}

export interface UpdateResult {
  version: number;
  changes: FieldChange[];
}

/**
 * The one way an object changes: lock the row, check rights, then the version, then apply and
 * validate, write the changed columns with version + 1 and the audit record — all in the caller's
 * transaction. Concurrent writers of one row queue on the lock, and every one after the first sees
 * a newer version than it read, so exactly one of them wins.
 */
export async function updateVersioned<Row extends { id: string; version: number }>(
  q: Queryable,
  table: VersionedTable<Row>,
  step: UpdateStep<Row>,
  actor: WriteActor,
): Promise<UpdateResult> {
  const current = await table.lockRow(q, step.id);
  if (!current) throw notFound(table.what, step.id);
  step.authorize(current);
  if (current.version !== step.expectedVersion) throw conflict(table.what, step.id, current.version);
  const next = step.apply(current);
  await step.validate?.(next, current);
  const changed = table.columns.filter(
    (c) => JSON.stringify(current[c.field] ?? null) !== JSON.stringify(next[c.field] ?? null),
  );
  const changes = changed.map((c) => ({ field: c.field, from: current[c.field] ?? null, to: next[c.field] ?? null }));
  const extraSql = step.extraSql ?? {};
  if (changes.length === 0 && Object.keys(extraSql).length === 0 && !step.recordUnchanged) {
    return { version: current.version, changes };
  }
  const p = new SqlParams();
  const who = actorColumns(actor);
  const sets = [
    ...changed.map((c) => `${c.column} = ${p.add(encode(next[c.field], c.type))}::${c.type}`),
    ...Object.entries(extraSql).map(([column, sql]) => `${column} = ${sql}`),
    'version = version + 1',
    'updated_at = now()',
    `updated_by = ${p.add(who.subject)}`,
  ];
  const raw = await q.query(
    `UPDATE ${table.table} SET ${sets.join(', ')} WHERE id = ${p.add(step.id)} RETURNING version`,
    p.values,
  );
  // TypeORM answers UPDATE … RETURNING with [rows, rowCount]; the row lock makes this exact.
  const version = returnedVersion(raw) ?? current.version + 1;
  await recordHistory(q, table.historyTable, {
    entityId: step.id,
    version,
    action: step.action,
    actor: who.subject,
    actorName: who.name,
    requestId: actor.requestId,
    note: step.note ?? null,
    changes,
  });
  return { version, changes };
}

/**
 * A versioned table whose audit trail is `<schema>.history` and whose rows `select` reads, as
 * columns of `table` under the alias `alias` (the repository's select list).
 */
export function versionedTable<Row>(spec: {
  what: string;
  table: string;
  alias: string;
  select: string;
  columns: readonly ColumnSpec<Row>[];
}): VersionedTable<Row> {
  const { what, table, alias, select, columns } = spec;
  return {
    what,
    table,
    historyTable: `${schemaOfTable(table)}.history`,
    columns,
    async lockRow(q, id) {
      const sql = `SELECT ${select} FROM ${table} ${alias} WHERE ${alias}.id = $1 FOR UPDATE`;
      const rows = (await q.query(sql, [id])) as Row[];
      return rows[0] ?? null;
    },
  };
}
