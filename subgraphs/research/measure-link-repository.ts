import type { DataSource } from 'typeorm';
import { groupByKey } from '../shared/batch';
import { MEASURE_LINK_KINDS, type MeasureLinkKind, type MeasureSubgraph } from './seed-types';

export interface MeasureLinkRow {
  outputId: string;
  measureId: string;
  subgraph: MeasureSubgraph;
  kind: MeasureLinkKind;
  reason: string;
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
