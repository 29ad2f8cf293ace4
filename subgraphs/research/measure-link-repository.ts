import type { DataSource } from 'typeorm';
import { groupByKey } from '../shared/loading/batch';
import { MEASURE_LINK_KINDS, type MeasureLinkKind, type MeasureSubgraph } from './seed-types';

export interface MeasureLinkRow {
  outputId: string;
  measureId: string;
  subgraph: MeasureSubgraph;
  kind: MeasureLinkKind;
  reason: string;
}

/** A link as an editor writes it and as the history records it. */
export type MeasureLinkValue = Omit<MeasureLinkRow, 'outputId'>;

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Evaluations first, then by measure id: the order every list of links has. */
export function sortLinks<L extends MeasureLinkValue>(links: readonly L[]): L[] {
  const rank = (kind: MeasureLinkKind) => MEASURE_LINK_KINDS.indexOf(kind);
  return [...links].sort(
    (a, b) => rank(a.kind) - rank(b.kind) || (a.measureId < b.measureId ? -1 : a.measureId > b.measureId ? 1 : 0),
  );
}

/** The links of many outputs, one list per output: evaluations first, then by measure id. */
export async function linksByOutputs(db: DataSource, outputIds: readonly string[]): Promise<MeasureLinkRow[][]> {
  const rows: MeasureLinkRow[] = await db.query(
    `SELECT l.output_id AS "outputId", l.measure_id AS "measureId", l.subgraph, l.kind, l.reason
     FROM research.measure_link l WHERE l.output_id = ANY($1::text[])
     ORDER BY array_position($2::text[], l.kind), l.measure_id`,
    [outputIds, MEASURE_LINK_KINDS],
  );
  return groupByKey(outputIds, rows, (r) => r.outputId);
}

/** One output's links as they are stored, in the caller's transaction. */
export async function linksOfOutput(q: Queryable, outputId: string): Promise<MeasureLinkValue[]> {
  const rows = (await q.query(
    `SELECT l.measure_id AS "measureId", l.subgraph, l.kind, l.reason
     FROM research.measure_link l WHERE l.output_id = $1`,
    [outputId],
  )) as MeasureLinkValue[];
  return sortLinks(rows);
}

/** Replaces all links of one output, in the caller's transaction. */
export async function replaceLinksOfOutput(
  q: Queryable,
  outputId: string,
  links: readonly MeasureLinkValue[],
): Promise<void> {
  await q.query('DELETE FROM research.measure_link WHERE output_id = $1', [outputId]);
  if (links.length === 0) return;
  await q.query(
    `INSERT INTO research.measure_link (output_id, measure_id, subgraph, kind, reason)
     SELECT $1, x.measure_id, x.subgraph, x.kind, x.reason
     FROM jsonb_to_recordset($2::jsonb) AS x(measure_id text, subgraph text, kind text, reason text)`,
    [
      outputId,
      JSON.stringify(
        links.map((l) => ({ measure_id: l.measureId, subgraph: l.subgraph, kind: l.kind, reason: l.reason })),
      ),
    ],
  );
}
