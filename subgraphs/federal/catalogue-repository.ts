import type { DataSource } from 'typeorm';
import { oneByKey } from '../shared/loading/batch';
import type { TargetGroupCategory, TargetGroupCode } from '../shared/catalogue/vocabulary';

export interface TargetGroupRow {
  code: TargetGroupCode;
  category: TargetGroupCategory;
  labelDe: string;
  labelEn: string;
  guidelineReference: string;
}

export interface RessortRow {
  code: string;
  name: string;
  kind: string;
  parentCode: string | null;
  seat: string | null;
  napiForumLead: boolean;
  notes: string | null;
  sources: string[];
  verified: boolean;
}

const TARGET_GROUP_COLUMNS = `code, category, label_de AS "labelDe", label_en AS "labelEn",
  guideline_reference AS "guidelineReference"`;

const RESSORT_COLUMNS = `code, name, kind, parent_code AS "parentCode", seat,
  napi_forum_lead AS "napiForumLead", notes, sources, verified`;

export async function targetGroupsByCodes(
  db: DataSource,
  codes: readonly string[],
): Promise<(TargetGroupRow | null)[]> {
  const rows: TargetGroupRow[] = await db.query(
    `SELECT ${TARGET_GROUP_COLUMNS} FROM federal.target_group WHERE code = ANY($1::text[])`,
    [codes],
  );
  return oneByKey(codes, rows, (r) => r.code);
}

export function listTargetGroups(db: DataSource, category: TargetGroupCategory | null): Promise<TargetGroupRow[]> {
  return db.query(
    `SELECT ${TARGET_GROUP_COLUMNS} FROM federal.target_group
     WHERE $1::text IS NULL OR category = $1 ORDER BY sort_order`,
    [category],
  );
}

export async function ressortsByCodes(db: DataSource, codes: readonly string[]): Promise<(RessortRow | null)[]> {
  const rows: RessortRow[] = await db.query(
    `SELECT ${RESSORT_COLUMNS} FROM federal.ressort WHERE code = ANY($1::text[])`,
    [codes],
  );
  return oneByKey(codes, rows, (r) => r.code);
}

export function listRessorts(db: DataSource): Promise<RessortRow[]> {
  return db.query(`SELECT ${RESSORT_COLUMNS} FROM federal.ressort ORDER BY sort_order, code`);
}
