import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { readSeedFile } from '../shared/seed/seed-files';
import { SOURCED_RECORD_COLUMNS, TARGET_GROUPS_COLUMN, type Marked } from '../shared/seed/record-columns';
import { askedSynthetic, replaceSyntheticRows } from '../shared/seed/seed-run';
import { seedTable } from '../shared/seed/seed-table';
import { assertAllOf, assertOneOf, chunks } from '../shared/seed/seed-validation';
import { upsertRows } from '../shared/seed/seed-writer';
import type { SeedOptions, SeedReport } from '../shared/server/subgraph-module';
import { AREA_CODES } from '../shared/catalogue/vocabulary';
import {
  INSTITUTE_CODES,
  MEASURE_ID_PREFIXES,
  MEASURE_LINK_KINDS,
  MEASURE_SUBGRAPHS,
  RESEARCH_OUTPUT_TYPES,
  type InstituteSeed,
  type ResearchOutputSeed,
} from './seed-types';
import { syntheticResearchOutputs } from './synthetic';

const SEED_DIR = path.join(__dirname, 'seed');

/** The file lists the institutes in the guideline's order, which `institutes` returns. */
const INSTITUTE_TABLE = seedTable<InstituteSeed & { sortOrder: number }>()({
  table: 'research.institute',
  keepEdited: true,
  columns: {
    code: 'text',
    name: 'text',
    short_name: 'text',
    parent_organisation: 'text',
    ressort: 'text',
    guideline_role: 'text',
    url: 'text',
    facts: 'text[]',
    sources: 'text[]',
    verified: 'boolean',
    sort_order: 'int',
  },
});

const OUTPUT_TABLE = seedTable<Marked<ResearchOutputSeed>>()({
  table: 'research.output',
  keepEdited: true,
  columns: {
    id: 'text',
    title: 'text',
    type: 'text',
    series: 'text',
    number: 'text',
    year: 'int',
    year_started: 'int',
    published_on: 'text',
    authors: 'text[]',
    editors: 'text[]',
    doi: 'text',
    url: 'text',
    // The seed lists the lead first; leadInstitute only makes that explicit.
    lead_institute: { type: 'text', from: (o) => o.leadInstitute ?? o.institutes[0] ?? null },
    institutes: 'text[]',
    publishers: 'text[]',
    publisher_ressorts: 'text[]',
    commissioned_by: 'text',
    funded_by: 'text[]',
    areas: 'text[]',
    target_groups: TARGET_GROUPS_COLUMN,
    detailed_target_groups: 'text[]',
    part_of: 'text',
    facts: 'text[]',
    ...SOURCED_RECORD_COLUMNS,
  },
});

export function loadInstituteSeed(): InstituteSeed[] {
  return readSeedFile<InstituteSeed[]>(path.join(SEED_DIR, 'institutes.json'));
}

export function loadOutputSeed(): ResearchOutputSeed[] {
  return readSeedFile<ResearchOutputSeed[]>(path.join(SEED_DIR, 'outputs.json'));
}

export function instituteRow(i: InstituteSeed, index: number) {
  assertOneOf(i.code, 'code', i.code, INSTITUTE_CODES);
  return INSTITUTE_TABLE.row({ ...i, sortOrder: index + 1 });
}

/** Validates a seed record and turns it into a row of research.output. */
export function outputRow(
  o: ResearchOutputSeed,
  institutes: ReadonlySet<string>,
  outputIds: ReadonlySet<string>,
  synthetic = false,
) {
  assertOneOf(o.id, 'type', o.type, RESEARCH_OUTPUT_TYPES);
  assertAllOf(o.id, 'areas', o.areas, AREA_CODES);
  for (const code of o.institutes) {
    if (!institutes.has(code)) throw new Error(`Seed record ${o.id}: unknown institute "${code}"`);
  }
  if (o.leadInstitute !== undefined && !o.institutes.includes(o.leadInstitute)) {
    throw new Error(`Seed record ${o.id}: leadInstitute "${o.leadInstitute}" is not among its institutes`);
  }
  if (o.partOf !== undefined && !outputIds.has(o.partOf)) {
    throw new Error(`Seed record ${o.id}: partOf "${o.partOf}" is not a research output of the seed`);
  }
  for (const code of o.publisherRessorts) {
    if (!o.publishers.includes(code))
      throw new Error(`Seed record ${o.id}: publisherRessort "${code}" is not a publisher`);
  }
  for (const [field, value] of [
    ['year', o.year],
    ['yearStarted', o.yearStarted],
  ] as const) {
    if (value !== undefined && !Number.isInteger(value)) throw new Error(`Seed record ${o.id}: ${field} is not a year`);
  }
  return OUTPUT_TABLE.row({ ...o, synthetic });
}

export function linkRows(o: ResearchOutputSeed) {
  const seen = new Set<string>();
  return o.measureLinks.map((l) => {
    assertOneOf(o.id, 'measureLinks.kind', l.kind, MEASURE_LINK_KINDS);
    assertOneOf(o.id, 'measureLinks.subgraph', l.subgraph, MEASURE_SUBGRAPHS);
    if (!MEASURE_ID_PREFIXES[l.subgraph].some((prefix) => l.measureId.startsWith(prefix))) {
      throw new Error(`Seed record ${o.id}: "${l.measureId}" is not a measure id of the ${l.subgraph} subgraph`);
    }
    const key = `${l.measureId} ${l.kind}`;
    if (seen.has(key)) throw new Error(`Seed record ${o.id}: link ${l.kind} to ${l.measureId} is listed twice`);
    seen.add(key);
    if (!l.reason.trim()) throw new Error(`Seed record ${o.id}: link to ${l.measureId} gives no reason`);
    return { output_id: o.id, measure_id: l.measureId, subgraph: l.subgraph, kind: l.kind, reason: l.reason };
  });
}

/**
 * Parents before children at any depth, so a part_of reference never points at a row a later
 * statement (chunk) writes. Also rejects cycles, which the foreign key alone would accept.
 */
export function parentsFirst(outputs: readonly ResearchOutputSeed[]): ResearchOutputSeed[] {
  const byId = new Map(outputs.map((o) => [o.id, o]));
  const depth = new Map<string, number>();
  const depthOf = (o: ResearchOutputSeed, path: readonly string[]): number => {
    const known = depth.get(o.id);
    if (known !== undefined) return known;
    if (path.includes(o.id)) throw new Error(`Seed record ${o.id}: partOf forms a cycle (${path.join(' → ')})`);
    const parent = o.partOf === undefined ? undefined : byId.get(o.partOf);
    const d = parent ? depthOf(parent, [...path, o.id]) + 1 : 0;
    depth.set(o.id, d);
    return d;
  };
  return outputs
    .map((o) => ({ o, d: depthOf(o, []) }))
    .sort((a, b) => a.d - b.d)
    .map((x) => x.o);
}

function assertUniqueIds(outputs: readonly ResearchOutputSeed[]): void {
  const seen = new Set<string>();
  for (const o of outputs) {
    if (seen.has(o.id)) throw new Error(`Seed record ${o.id}: the id is used twice`);
    seen.add(o.id);
  }
}

/**
 * Replaces the links of the given outputs with the seed's. An output an editor has changed keeps
 * its links as they are, just as upsertRows keeps the output itself.
 */
async function replaceLinks(
  tx: EntityManager,
  outputIds: readonly string[],
  links: readonly ReturnType<typeof linkRows>[number][],
): Promise<number> {
  await tx.query(
    `DELETE FROM research.measure_link l USING research.output o
     WHERE o.id = l.output_id AND o.id = ANY($1::text[]) AND o.updated_by = 'seed'`,
    [outputIds],
  );
  for (const chunk of chunks(links, 2000)) {
    await tx.query(
      `INSERT INTO research.measure_link (output_id, measure_id, subgraph, kind, reason)
       SELECT x.output_id, x.measure_id, x.subgraph, x.kind, x.reason
       FROM jsonb_to_recordset($1::jsonb) AS x(output_id text, measure_id text, subgraph text, kind text, reason text)
       JOIN research.output o ON o.id = x.output_id AND o.updated_by = 'seed'`,
      [JSON.stringify(chunk)],
    );
  }
  return links.length;
}

/**
 * Loads the five institutes, the research outputs and their measure links. Idempotent; rows an
 * editor has changed are kept. `synthetic.researchOutputs` adds that many generated, marked records.
 */
export async function seedResearch(db: DataSource, options: SeedOptions = {}): Promise<SeedReport> {
  const institutes = loadInstituteSeed();
  const instituteCodes = new Set(institutes.map((i) => i.code));
  const instituteRows = institutes.map(instituteRow);
  const real = loadOutputSeed();
  assertUniqueIds(real);
  const ordered = parentsFirst(real);
  const outputIds = new Set(real.map((o) => o.id));
  const rows = ordered.map((o) => outputRow(o, instituteCodes, outputIds));
  const links = real.flatMap(linkRows);
  const synthetic = askedSynthetic(options, 'researchOutputs', (count) => syntheticResearchOutputs(real, count));
  const syntheticRows = synthetic?.map((o) => outputRow(o, instituteCodes, outputIds, true));

  return db.transaction(async (tx) => {
    const report: SeedReport = {};
    report['institutes'] = await upsertRows(tx, INSTITUTE_TABLE, instituteRows);
    report['outputs'] = await upsertRows(tx, OUTPUT_TABLE, rows);
    report['measureLinks'] = await replaceLinks(tx, [...outputIds], links);
    if (synthetic && syntheticRows) {
      // Their links go with them (ON DELETE CASCADE); no real output is part of a synthetic one.
      report['syntheticOutputs'] = await replaceSyntheticRows(tx, OUTPUT_TABLE, syntheticRows);
      report['syntheticMeasureLinks'] = await replaceLinks(
        tx,
        synthetic.map((o) => o.id),
        synthetic.flatMap(linkRows),
      );
    }
    return report;
  });
}
