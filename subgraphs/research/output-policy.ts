import type { DataSource, EntityManager } from 'typeorm';
import { canEditResearchOutput } from '../shared/platform/auth/permissions';
import { hasRole, type Viewer } from '../shared/platform/auth/viewer';
import { forbidden, notFound, validationFailed } from '../shared/platform/errors';
import type { FieldChange } from '../shared/editing/history';
import { archiveVersioned, assertNotArchived, reviewVersioned } from '../shared/editing/lifecycle-writes';
import { slugify } from '../shared/catalogue/offer-input';
import { uniqueIds } from '../shared/editing/unique-ids';
import { SqlParams } from '../shared/loading/paged-sql';
import {
  insertVersioned,
  updateVersioned,
  type ColumnSpec,
  type VersionedTable,
  type WriteActor,
} from '../shared/editing/versioned-write';
import type { Area, TargetGroupCode } from '../shared/catalogue/vocabulary';
import { requireSignedIn } from '../shared/editing/write-guards';
import { linksOfOutput, replaceLinksOfOutput, sortLinks, type MeasureLinkValue } from './measure-link-repository';
import { OUTPUT_COLUMNS, outputDraftVisibility, type ResearchOutputRow } from './output-repository';
import { checkOutputRules, type OutputReferences, type OutputSubject } from './output-rules';
import type { MeasureLinkKind, MeasureSubgraph, ResearchOutputType } from './seed-types';

export interface MeasureLinkInput {
  measureId: string;
  /** The GraphQL enum: FEDERAL or LAENDER. */
  subgraph: string;
  kind: MeasureLinkKind;
  reason: string;
}

/** The GraphQL `ResearchOutputInput` as resolvers receive it. */
export interface ResearchOutputInput {
  externalId?: string | null;
  title?: string | null;
  type?: ResearchOutputType | null;
  series?: string | null;
  number?: string | null;
  year?: number | null;
  yearStarted?: number | null;
  publishedOn?: string | null;
  authors?: string[] | null;
  editors?: string[] | null;
  doi?: string | null;
  url?: string | null;
  institutes?: string[] | null;
  leadInstitute?: string | null;
  publishers?: string[] | null;
  publisherRessorts?: string[] | null;
  commissionedBy?: string | null;
  fundedBy?: string[] | null;
  areas?: Area[] | null;
  targetGroups?: TargetGroupCode[] | null;
  partOf?: string | null;
  measureLinks?: MeasureLinkInput[] | null;
  facts?: string[] | null;
  notes?: string | null;
  draft?: boolean | null;
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** text: trimmed, '' is null; list: trimmed, blanks dropped; codes: a list without repeats. */
type InputKind = 'text' | 'int' | 'boolean' | 'list' | 'codes';

/** Each input field, the row field it sets and how its value is cleaned. */
const INPUT_FIELDS = {
  externalId: ['externalId', 'text'],
  title: ['title', 'text'],
  type: ['type', 'text'],
  series: ['series', 'text'],
  number: ['number', 'text'],
  year: ['year', 'int'],
  yearStarted: ['yearStarted', 'int'],
  publishedOn: ['publishedOn', 'text'],
  authors: ['authors', 'list'],
  editors: ['editors', 'list'],
  doi: ['doi', 'text'],
  url: ['url', 'text'],
  institutes: ['instituteCodes', 'codes'],
  leadInstitute: ['leadInstituteCode', 'text'],
  publishers: ['publishers', 'list'],
  publisherRessorts: ['publisherRessortCodes', 'codes'],
  commissionedBy: ['commissionedBy', 'text'],
  fundedBy: ['fundedBy', 'list'],
  areas: ['areas', 'codes'],
  targetGroups: ['targetGroups', 'codes'],
  partOf: ['partOfId', 'text'],
  facts: ['facts', 'list'],
  notes: ['notes', 'text'],
  draft: ['draft', 'boolean'],
} as const satisfies Record<
  Exclude<keyof ResearchOutputInput, 'measureLinks'>,
  readonly [keyof ResearchOutputRow, InputKind]
>;

/** The writable columns; history records changes under these field names. */
const OUTPUT_WRITABLE_COLUMNS = [
  { field: 'externalId', column: 'external_id', type: 'text' },
  { field: 'title', column: 'title', type: 'text' },
  { field: 'type', column: 'type', type: 'text' },
  { field: 'series', column: 'series', type: 'text' },
  { field: 'number', column: 'number', type: 'text' },
  { field: 'year', column: 'year', type: 'int' },
  { field: 'yearStarted', column: 'year_started', type: 'int' },
  { field: 'publishedOn', column: 'published_on', type: 'text' },
  { field: 'authors', column: 'authors', type: 'text[]' },
  { field: 'editors', column: 'editors', type: 'text[]' },
  { field: 'doi', column: 'doi', type: 'text' },
  { field: 'url', column: 'url', type: 'text' },
  { field: 'instituteCodes', column: 'institutes', type: 'text[]' },
  { field: 'leadInstituteCode', column: 'lead_institute', type: 'text' },
  { field: 'publishers', column: 'publishers', type: 'text[]' },
  { field: 'publisherRessortCodes', column: 'publisher_ressorts', type: 'text[]' },
  { field: 'commissionedBy', column: 'commissioned_by', type: 'text' },
  { field: 'fundedBy', column: 'funded_by', type: 'text[]' },
  { field: 'areas', column: 'areas', type: 'text[]' },
  { field: 'targetGroups', column: 'target_groups', type: 'text[]' },
  { field: 'partOfId', column: 'part_of', type: 'text' },
  { field: 'facts', column: 'facts', type: 'text[]' },
  { field: 'notes', column: 'notes', type: 'text' },
  { field: 'draft', column: 'draft', type: 'boolean' },
  { field: 'archivedAt', column: 'archived_at', type: 'timestamptz' },
  { field: 'archiveReason', column: 'archive_reason', type: 'text' },
  { field: 'lastReviewedAt', column: 'last_reviewed_at', type: 'timestamptz' },
  { field: 'lastReviewedBy', column: 'last_reviewed_by', type: 'text' },
] as const satisfies readonly ColumnSpec<ResearchOutputRow>[];

export const OUTPUT_TABLE: VersionedTable<ResearchOutputRow> = {
  what: 'Research output',
  table: 'research.output',
  historyTable: 'research.history',
  columns: OUTPUT_WRITABLE_COLUMNS,
  async lockRow(q, id) {
    const rows = (await q.query(`SELECT ${OUTPUT_COLUMNS} FROM research.output o WHERE o.id = $1 FOR UPDATE`, [
      id,
    ])) as ResearchOutputRow[];
    return rows[0] ?? null;
  },
};

function cleaned(raw: unknown, kind: InputKind): unknown {
  switch (kind) {
    case 'text': {
      const value = typeof raw === 'string' ? raw.trim() : raw;
      return value === '' || value == null ? null : value;
    }
    case 'int':
      return raw ?? null;
    case 'boolean':
      return raw === true;
    case 'list':
    case 'codes': {
      const items = ((raw as string[] | null) ?? []).map((s) => s.trim()).filter((s) => s !== '');
      return kind === 'codes' ? [...new Set(items)] : items;
    }
  }
}

/**
 * Applies an input to an output's current state (or to an empty one when creating): a field
 * left out keeps its value, an explicit null clears it. The lead institute follows the
 * institutes unless the input names it: it stays if still among them, else becomes the first.
 */
export function applyInput(current: ResearchOutputRow, input: ResearchOutputInput): ResearchOutputRow {
  const changes: Record<string, unknown> = {};
  for (const [key, [field, kind]] of Object.entries(INPUT_FIELDS)) {
    const raw = input[key as keyof typeof INPUT_FIELDS];
    if (raw !== undefined) changes[field] = cleaned(raw, kind);
  }
  const next: ResearchOutputRow = { ...current, ...changes };
  const leadGone = next.leadInstituteCode === null || !next.instituteCodes.includes(next.leadInstituteCode);
  if (input.leadInstitute === undefined && leadGone) next.leadInstituteCode = next.instituteCodes[0] ?? null;
  return next;
}

/** The links an input sets, in stored order; null when the input leaves them alone. */
export function linksFromInput(input: ResearchOutputInput): MeasureLinkValue[] | null {
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
export function newOutput(viewer: Viewer, input: ResearchOutputInput): ResearchOutputRow {
  const empty: ResearchOutputRow = {
    id: '',
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
    sources: [],
    verified: true,
    version: 0,
    externalId: null,
    draft: false,
    archivedAt: null,
    archiveReason: null,
    lastReviewedAt: null,
    lastReviewedBy: null,
    updatedAt: new Date(),
  };
  return applyInput(empty, input);
}

export function assertMayEdit(viewer: Viewer, institutes: readonly string[]): void {
  if (!canEditResearchOutput(viewer, institutes)) {
    throw forbidden(
      hasRole(viewer, 'editor') && viewer.institute
        ? `A ${viewer.institute} editor may not write outputs of ${institutes.join(', ') || 'no institute'}`
        : 'Only editors of a publishing institute and admins may write research outputs',
    );
  }
}

/** Drafts the caller may not see do not exist for them. */
export function assertVisible(viewer: Viewer, row: ResearchOutputRow): void {
  if (row.draft && !canEditResearchOutput(viewer, row.instituteCodes) && !hasRole(viewer, 'analyst')) {
    throw notFound(OUTPUT_TABLE.what, row.id);
  }
}

function assertWritable(viewer: Viewer, row: ResearchOutputRow): void {
  assertVisible(viewer, row);
  assertMayEdit(viewer, row.instituteCodes);
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

async function assertValid(q: Queryable, viewer: Viewer, o: OutputSubject): Promise<void> {
  const violations = checkOutputRules(o, await referencesOf(q, viewer, o));
  if (violations.length > 0) throw validationFailed(violations);
}

/**
 * Links live in their own table, so the versioned write does not see them: they are replaced
 * here and their change joins the history entry of the same write, in the same transaction.
 */
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

export async function createOutput(db: DataSource, actor: WriteActor, input: ResearchOutputInput): Promise<string> {
  requireSignedIn(actor.viewer);
  const row = newOutput(actor.viewer, input);
  const links = linksFromInput(input) ?? [];
  if (row.instituteCodes.length > 0) assertMayEdit(actor.viewer, row.instituteCodes);
  return db.transaction(async (tx) => {
    await assertValid(tx, actor.viewer, { ...row, measureLinks: links });
    // An output of publishers only belongs to no institute: only admins write those.
    assertMayEdit(actor.viewer, row.instituteCodes);
    const [id = ''] = await uniqueIds(tx, 'research.output', [`research:${slugify(row.title)}`]);
    const created = { ...row, id, lastReviewedAt: new Date(), lastReviewedBy: actor.viewer.subject };
    await insertVersioned(tx, OUTPUT_TABLE, created, actor, 'CREATE');
    const change = linksChange([], links);
    if (change) await writeLinks(tx, id, 1, links, change);
    return id;
  });
}

export async function updateOutput(
  db: DataSource,
  actor: WriteActor,
  id: string,
  version: number,
  input: ResearchOutputInput,
): Promise<void> {
  requireSignedIn(actor.viewer);
  const links = linksFromInput(input);
  await db.transaction(async (tx: EntityManager) => {
    let change: FieldChange | null = null;
    if (links !== null) {
      // Lock before reading the links, so they are those of the version the write checks against.
      await OUTPUT_TABLE.lockRow(tx, id);
      change = linksChange(await linksOfOutput(tx, id), links);
    }
    const result = await updateVersioned(
      tx,
      OUTPUT_TABLE,
      {
        id,
        expectedVersion: version,
        action: 'UPDATE',
        authorize: (current) => {
          assertWritable(actor.viewer, current);
          assertNotArchived(current, 'An archived research output cannot be changed');
        },
        apply: (current) => applyInput(current, input),
        validate: async (next, current) => {
          // Moving an output to other institutes needs the right to write for the new ones too.
          if (JSON.stringify(next.instituteCodes) !== JSON.stringify(current.instituteCodes)) {
            assertMayEdit(actor.viewer, next.instituteCodes);
          }
          await assertValid(tx, actor.viewer, { ...next, measureLinks: links });
        },
        // Changed links alone are a write too.
        recordUnchanged: change !== null,
      },
      actor,
    );
    if (change && links) await writeLinks(tx, id, result.version, links, change);
  });
}

export function archiveOutput(
  db: DataSource,
  actor: WriteActor,
  id: string,
  version: number,
  reason: string,
): Promise<void> {
  return archiveVersioned(db, OUTPUT_TABLE, actor, {
    id,
    version,
    reason,
    assertWritable: (row) => assertWritable(actor.viewer, row),
  });
}

export function markOutputReviewed(
  db: DataSource,
  actor: WriteActor,
  id: string,
  version: number,
  note: string | null,
): Promise<void> {
  return reviewVersioned(db, OUTPUT_TABLE, actor, {
    id,
    version,
    note,
    assertWritable: (row) => assertWritable(actor.viewer, row),
  });
}
