import type { DataSource, EntityManager } from 'typeorm';
import { notifyChange, schemaOfTable } from '../platform/change-notify';
import { chunks } from './seed-validation';

export interface UpsertSpec {
  /** Schema-qualified table, e.g. "federal.measure". */
  table: string;
  /** Column name → PostgreSQL type, in insert order; the first column is the conflict key. */
  columns: Readonly<Record<string, string>>;
  /**
   * Seeded rows are refreshed from the seed on every run, but a row an editor has changed
   * (`updated_by` no longer 'seed') is left as the editor left it.
   */
  keepEdited: boolean;
}

/**
 * Inserts or refreshes rows in statements of up to 2 000 rows, passing each chunk as one JSON
 * parameter. Idempotent: running the same seed twice changes nothing. Announces the change on the
 * change channel (see change-notify.ts).
 */
export async function upsertRows(
  db: DataSource | EntityManager,
  spec: UpsertSpec,
  rows: readonly Record<string, unknown>[],
): Promise<number> {
  const names = Object.keys(spec.columns);
  const [key, ...rest] = names;
  if (!key) throw new Error(`upsertRows(${spec.table}): no columns`);
  const recordType = names.map((n) => `${n} ${spec.columns[n]}`).join(', ');
  const updates = rest.map((n) => `${n} = EXCLUDED.${n}`).join(', ');
  const guard = spec.keepEdited ? `WHERE ${spec.table}.updated_by = 'seed'` : '';
  const conflict = rest.length > 0 ? `DO UPDATE SET ${updates} ${guard}` : 'DO NOTHING';
  for (const chunk of chunks(rows, 2000)) {
    await db.query(
      `INSERT INTO ${spec.table} (${names.join(', ')})
       SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${recordType})
       ON CONFLICT (${key}) ${conflict}`,
      [JSON.stringify(chunk)],
    );
  }
  // A seed run against a live hub (e.g. `npm run seed`) is a write like any other.
  if (rows.length > 0) await notifyChange(db, schemaOfTable(spec.table));
  return rows.length;
}
