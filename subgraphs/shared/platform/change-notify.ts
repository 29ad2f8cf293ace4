/**
 * Every write transaction of a subgraph announces itself on one PostgreSQL channel, so that
 * whoever keeps copies of answers (the gateway's response cache) can drop them. PostgreSQL
 * delivers a NOTIFY only when its transaction commits, never for one rolled back, and folds
 * repeated identical ones of one transaction into one.
 */
export const CHANGE_CHANNEL = 'hub_changes';

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** The PostgreSQL schema of a schema-qualified table ("federal.history" → "federal"), sent as payload. */
export function schemaOfTable(table: string): string {
  return table.split('.')[0] ?? table;
}

/** SQL expression for a RETURNING clause or SELECT list: announces a change of `schema`. */
export function notifySql(schema: string): string {
  // Schema names come from code (a module's dbSchema), never from a request; quoted all the same.
  return `pg_notify('${CHANGE_CHANNEL}', '${schema.replace(/'/g, "''")}')`;
}

/** Announces a change of `schema` in the caller's transaction (delivered when it commits). */
export async function notifyChange(q: Queryable, schema: string): Promise<void> {
  await q.query(`SELECT ${notifySql(schema)}`);
}
