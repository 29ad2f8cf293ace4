import { canEditResearchOutput } from '../shared/platform/auth/permissions';
import type { Viewer } from '../shared/platform/auth/viewer';
import type { FieldChange } from '../shared/editing/history';
import type { AttachedData, EditorialPolicy, Queryable } from '../shared/editing/editorial-policy';
import { applyInputFields, emptyLifecycle } from '../shared/editing/input-fields';
import { slugify } from '../shared/catalogue/offer-input';
import { SqlParams } from '../shared/loading/paged-sql';
import { versionedTable } from '../shared/editing/versioned-write';
import { linksOfOutput, replaceLinksOfOutput, sortLinks, type MeasureLinkValue } from './measure-link-repository';
import { OUTPUT_COLUMNS, outputDraftVisibility, type ResearchOutputRow } from './output-repository';
import { checkOutputRules, type OutputReferences, type OutputSubject } from './output-rules';
import type { MeasureSubgraph, ResearchOutputType } from './seed-types';
import { OUTPUT_FIELDS, type ResearchOutputInput } from './output-input';

const OUTPUT_TABLE = versionedTable<ResearchOutputRow>({
  what: 'Research output',
  table: 'research.output',
  alias: 'o',
  select: OUTPUT_COLUMNS,
  columns: OUTPUT_FIELDS.columns,
});

/**
 * Applies an input to an output's current state (or to an empty one when creating): a field
 * left out keeps its value, an explicit null clears it. The lead institute follows the
 * institutes unless the input names it: it stays if still among them, else becomes the first.
 */
function applyInput(current: ResearchOutputRow, input: ResearchOutputInput): ResearchOutputRow {
  const next = applyInputFields(current, input, OUTPUT_FIELDS.inputs);
  const leadGone = next.leadInstituteCode === null || !next.instituteCodes.includes(next.leadInstituteCode);
  if (input.leadInstitute === undefined && leadGone) next.leadInstituteCode = next.instituteCodes[0] ?? null;
  return next;
}

/** The links an input sets, in stored order; null when the input leaves them alone. */
function linksFromInput(input: ResearchOutputInput): MeasureLinkValue[] | null {
  if (input.measureLinks === undefined) return null;
  return sortLinks(
    (input.measureLinks ?? []).map((l) => ({
      measureId: l.measureId.trim(),
      subgraph: l.subgraph.toLowerCase() as MeasureSubgraph,
      kind: l.kind,
      reason: l.reason.trim(),
    })),
  );
}

/** A new output: an institute editor's belongs to their institute unless the input says otherwise. */
function newOutput(viewer: Viewer, input: ResearchOutputInput): ResearchOutputRow {
  const empty: ResearchOutputRow = {
    ...emptyLifecycle(),
    title: '',
    // Not a type yet: TYPE_REQUIRED refuses the write unless the input gives one.
    type: '' as ResearchOutputType,
    series: null,
    number: null,
    year: null,
    yearStarted: null,
    publishedOn: null,
    authors: [],
    editors: [],
    doi: null,
    url: null,
    leadInstituteCode: null,
    instituteCodes: viewer.institute ? [viewer.institute] : [],
    publishers: [],
    publisherRessortCodes: [],
    commissionedBy: null,
    fundedBy: [],
    areas: [],
    targetGroups: [],
    detailedTargetGroups: [],
    partOfId: null,
    facts: [],
    notes: null,
  };
  return applyInput(empty, input);
}

/** partOf and its ancestors, partOf first, as far as the caller sees partOf; stops at a cycle. */
async function partOfChain(q: Queryable, viewer: Viewer, partOf: string): Promise<string[]> {
  const p = new SqlParams();
  const rows = (await q.query(
    `WITH RECURSIVE chain (id, part_of, path) AS (
       SELECT o.id, o.part_of, ARRAY[o.id] FROM research.output o
       WHERE o.id = ${p.add(partOf)} AND ${outputDraftVisibility(viewer)(p)}
       UNION ALL
       SELECT parent.id, parent.part_of, c.path || parent.id
       FROM research.output parent JOIN chain c ON parent.id = c.part_of
       WHERE NOT parent.id = ANY(c.path)
     )
     SELECT id FROM chain ORDER BY cardinality(path)`,
    p.values,
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

async function referencesOf(q: Queryable, viewer: Viewer, o: OutputSubject): Promise<OutputReferences> {
  const institutes = (await q.query('SELECT code FROM research.institute')) as { code: string }[];
  const taken = o.externalId
    ? ((await q.query('SELECT id FROM research.output WHERE external_id = $1', [o.externalId])) as { id: string }[])
    : [];
  return {
    institutes: new Set(institutes.map((i) => i.code)),
    partOfChain: o.partOfId ? await partOfChain(q, viewer, o.partOfId) : [],
    externalIdTakenBy: taken[0]?.id ?? null,
  };
}

async function writeLinks(
  q: Queryable,
  id: string,
  version: number,
  links: readonly MeasureLinkValue[],
  change: FieldChange,
): Promise<void> {
  await replaceLinksOfOutput(q, id, links);
  await q.query(
    `UPDATE ${OUTPUT_TABLE.historyTable} SET changes = changes || $1::jsonb WHERE entity_id = $2 AND version = $3`,
    [JSON.stringify([change]), id, version],
  );
}

function linksChange(before: readonly MeasureLinkValue[], after: readonly MeasureLinkValue[]): FieldChange | null {
  if (JSON.stringify(before) === JSON.stringify(after)) return null;
  return { field: 'measureLinks', from: before.length ? before : null, to: after.length ? after : null };
}

/**
 * Links live in their own table, so the versioned write does not see them: they are replaced
 * with the output and their change joins the history entry of the same write.
 */
const MEASURE_LINKS: AttachedData<ResearchOutputInput> = {
  async change(q, id, input) {
    const links = linksFromInput(input);
    if (links === null) return null;
    if (id === null) return linksChange([], links);
    // Lock before reading the links, so they are those of the version the write checks against.
    await OUTPUT_TABLE.lockRow(q, id);
    return linksChange(await linksOfOutput(q, id), links);
  },
  write: (q, id, version, input, change) => writeLinks(q, id, version, linksFromInput(input) ?? [], change),
};

/**
 * Research outputs: the editors of any of its institutes write an output, admins all (an output
 * of publishers only belongs to no institute: only admins write those); ids are
 * `research:<slug>`; no similarity warnings.
 */
export const RESEARCH_OUTPUT_POLICY: EditorialPolicy<ResearchOutputRow, ResearchOutputInput> = {
  table: OUTPUT_TABLE,
  graphql: { type: 'ResearchOutput', payload: 'output' },
  noun: 'research output',
  newRow: newOutput,
  apply: applyInput,
  idBase: (row) => `research:${slugify(row.title)}`,
  canEdit: (viewer, row) => canEditResearchOutput(viewer, row.instituteCodes),
  refusal: {
    scope: (viewer) => viewer.institute,
    notYours: (institute, row) =>
      `A ${institute} editor may not write outputs of ${row.instituteCodes.join(', ') || 'no institute'}`,
    otherwise: 'Only editors of a publishing institute and admins may write research outputs',
  },
  hasOwner: (row) => row.instituteCodes.length > 0,
  movesOwner: (next, current) => JSON.stringify(next.instituteCodes) !== JSON.stringify(current.instituteCodes),
  check: async (q, viewer, next, input) => {
    const subject: OutputSubject = { ...next, measureLinks: linksFromInput(input) };
    return checkOutputRules(subject, await referencesOf(q, viewer, subject));
  },
  attached: MEASURE_LINKS,
};
