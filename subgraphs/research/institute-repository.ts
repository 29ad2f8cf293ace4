import type { DataSource } from 'typeorm';
import { oneByKey } from '../shared/loading/batch';

export interface InstituteRow {
  code: string;
  name: string;
  shortName: string;
  parentOrganisation: string | null;
  /** Code of a Ressort of the federal subgraph; `Institute.ressort` turns it into a reference. */
  ressortCode: string | null;
  guidelineRole: string;
  url: string | null;
  facts: string[];
  sources: string[];
  verified: boolean;
}

const COLUMNS = `i.code, i.name, i.short_name AS "shortName", i.parent_organisation AS "parentOrganisation",
  i.ressort AS "ressortCode", i.guideline_role AS "guidelineRole", i.url, i.facts, i.sources, i.verified`;

export async function institutesByCodes(db: DataSource, codes: readonly string[]): Promise<(InstituteRow | null)[]> {
  const rows: InstituteRow[] = await db.query(
    `SELECT ${COLUMNS} FROM research.institute i WHERE i.code = ANY($1::text[])`,
    [codes],
  );
  return oneByKey(codes, rows, (r) => r.code);
}

/** In the guideline's order (chapter VII), which the seed keeps as sort_order. */
export function listInstitutes(db: DataSource): Promise<InstituteRow[]> {
  return db.query(`SELECT ${COLUMNS} FROM research.institute i ORDER BY i.sort_order, i.code`);
}
