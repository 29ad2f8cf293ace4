interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Readable ids (`<prefix><slug>`, `-2`, `-3`, … on collisions), unique against the table and
 * each other. A transaction-scoped advisory lock per base id makes two writers creating the same
 * title at once take turns instead of both picking the same id; the lock ends with the commit.
 */
export async function uniqueIds(q: Queryable, table: string, bases: readonly string[]): Promise<string[]> {
  if (bases.length === 0) return [];
  const distinct = [...new Set(bases)].sort();
  // One statement, locks taken in a fixed order so that two imports cannot deadlock.
  await q.query('SELECT pg_advisory_xact_lock(hashtext(b)) FROM unnest($1::text[]) AS b ORDER BY b', [distinct]);
  const rows = (await q.query(`SELECT id FROM ${table} WHERE id LIKE ANY($1::text[])`, [
    distinct.map((b) => `${b}%`),
  ])) as { id: string }[];
  const taken = new Set(rows.map((r) => r.id));
  return bases.map((base) => {
    let id = base;
    for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
    taken.add(id);
    return id;
  });
}
