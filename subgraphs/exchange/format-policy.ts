import type { DataSource } from 'typeorm';
import { canEditExchangeFormat } from '../shared/platform/auth/permissions';
import { hasRole, type Viewer } from '../shared/platform/auth/viewer';
import { forbidden, notFound, validationFailed } from '../shared/platform/errors';
import { archiveVersioned, assertNotArchived, reviewVersioned } from '../shared/editing/lifecycle-writes';
import { slugify } from '../shared/catalogue/offer-input';
import { uniqueIds } from '../shared/editing/unique-ids';
import {
  insertVersioned,
  updateVersioned,
  type ColumnSpec,
  type VersionedTable,
  type WriteActor,
} from '../shared/editing/versioned-write';
import type { Level, TargetGroupCode } from '../shared/catalogue/vocabulary';
import { requireSignedIn } from '../shared/editing/write-guards';
import { FORMAT_COLUMNS, formatRessorts, type ExchangeFormatRow } from './format-repository';
import { checkFormatRules } from './format-rules';
import type { ExchangeFormatSession, ExchangeFormatType, ParticipantKind } from './seed-types';

export interface ExchangeFormatSessionInput {
  number?: number | null;
  date: string;
  note?: string | null;
}

/** The GraphQL `ExchangeFormatInput` as resolvers receive it. */
export interface ExchangeFormatInput {
  externalId?: string | null;
  name?: string | null;
  shortName?: string | null;
  type?: ExchangeFormatType | null;
  level?: Level | null;
  convenor?: string | null;
  convenorRessort?: string | null;
  coordinatorRessort?: string | null;
  jointLeadRessorts?: string[] | null;
  participantKinds?: ParticipantKind[] | null;
  since?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
  year?: number | null;
  sessions?: ExchangeFormatSessionInput[] | null;
  phases?: string[] | null;
  facts?: string[] | null;
  guidelineReference?: string | null;
  addressesAllTargetGroups?: boolean | null;
  targetGroups?: TargetGroupCode[] | null;
  relatedFederalMeasures?: string[] | null;
  notes?: string | null;
  draft?: boolean | null;
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * text: trimmed, '' is null; required text: trimmed, null is ''; list: trimmed, blanks dropped;
 * codes: a list without repeats.
 */
type InputKind = 'text' | 'requiredText' | 'int' | 'boolean' | 'list' | 'codes' | 'sessions';

/** Each input field, the row field it sets and how its value is cleaned. */
const INPUT_FIELDS = {
  externalId: ['externalId', 'text'],
  name: ['name', 'text'],
  shortName: ['shortName', 'text'],
  type: ['type', 'text'],
  level: ['level', 'text'],
  convenor: ['convenor', 'text'],
  convenorRessort: ['convenorRessort', 'text'],
  coordinatorRessort: ['coordinatorRessort', 'text'],
  jointLeadRessorts: ['jointLeadRessorts', 'codes'],
  participantKinds: ['participantKinds', 'codes'],
  since: ['since', 'text'],
  validFrom: ['validFrom', 'text'],
  validTo: ['validTo', 'text'],
  year: ['year', 'int'],
  sessions: ['sessions', 'sessions'],
  phases: ['phases', 'list'],
  facts: ['facts', 'list'],
  guidelineReference: ['guidelineReference', 'requiredText'],
  addressesAllTargetGroups: ['addressesAllTargetGroups', 'boolean'],
  targetGroups: ['targetGroups', 'codes'],
  relatedFederalMeasures: ['relatedFederalMeasures', 'codes'],
  notes: ['notes', 'text'],
  draft: ['draft', 'boolean'],
} as const satisfies Record<keyof ExchangeFormatInput, readonly [keyof ExchangeFormatRow, InputKind]>;

/** The writable columns; history records changes under these field names. */
const FORMAT_WRITABLE_COLUMNS = [
  { field: 'externalId', column: 'external_id', type: 'text' },
  { field: 'name', column: 'name', type: 'text' },
  { field: 'shortName', column: 'short_name', type: 'text' },
  { field: 'type', column: 'type', type: 'text' },
  { field: 'level', column: 'level', type: 'text' },
  { field: 'convenor', column: 'convenor', type: 'text' },
  { field: 'convenorRessort', column: 'convenor_ressort', type: 'text' },
  { field: 'coordinatorRessort', column: 'coordinator_ressort', type: 'text' },
  { field: 'jointLeadRessorts', column: 'joint_lead_ressorts', type: 'text[]' },
  { field: 'participantKinds', column: 'participant_kinds', type: 'text[]' },
  { field: 'since', column: 'since', type: 'text' },
  { field: 'validFrom', column: 'valid_from', type: 'text' },
  { field: 'validTo', column: 'valid_to', type: 'text' },
  { field: 'year', column: 'year', type: 'int' },
  { field: 'sessions', column: 'sessions', type: 'jsonb' },
  { field: 'phases', column: 'phases', type: 'text[]' },
  { field: 'facts', column: 'facts', type: 'text[]' },
  { field: 'guidelineReference', column: 'guideline_reference', type: 'text' },
  { field: 'addressesAllTargetGroups', column: 'addresses_all_target_groups', type: 'boolean' },
  { field: 'targetGroups', column: 'target_groups', type: 'text[]' },
  { field: 'relatedFederalMeasures', column: 'related_federal_measures', type: 'text[]' },
  { field: 'notes', column: 'notes', type: 'text' },
  { field: 'draft', column: 'draft', type: 'boolean' },
  { field: 'archivedAt', column: 'archived_at', type: 'timestamptz' },
  { field: 'archiveReason', column: 'archive_reason', type: 'text' },
  { field: 'lastReviewedAt', column: 'last_reviewed_at', type: 'timestamptz' },
  { field: 'lastReviewedBy', column: 'last_reviewed_by', type: 'text' },
] as const satisfies readonly ColumnSpec<ExchangeFormatRow>[];

export const FORMAT_TABLE: VersionedTable<ExchangeFormatRow> = {
  what: 'Exchange format',
  table: 'exchange.format',
  historyTable: 'exchange.history',
  columns: FORMAT_WRITABLE_COLUMNS,
  async lockRow(q, id) {
    const rows = (await q.query(`SELECT ${FORMAT_COLUMNS} FROM exchange.format f WHERE f.id = $1 FOR UPDATE`, [
      id,
    ])) as ExchangeFormatRow[];
    return rows[0] ?? null;
  },
};

function trimmedOrNull(raw: unknown): unknown {
  const value = typeof raw === 'string' ? raw.trim() : raw;
  return value === '' || value == null ? null : value;
}

/** Stored as the seed stores them: keys without a value are left out. */
function cleanedSessions(sessions: readonly ExchangeFormatSessionInput[] | null): ExchangeFormatSession[] {
  return (sessions ?? []).map((s) => {
    const note = trimmedOrNull(s.note) as string | null;
    return { ...(s.number != null ? { number: s.number } : {}), date: s.date.trim(), ...(note ? { note } : {}) };
  });
}

function cleaned(raw: unknown, kind: InputKind): unknown {
  switch (kind) {
    case 'text':
      return trimmedOrNull(raw);
    case 'requiredText':
      return trimmedOrNull(raw) ?? '';
    case 'int':
      return raw ?? null;
    case 'boolean':
      return raw === true;
    case 'sessions':
      return cleanedSessions(raw as ExchangeFormatSessionInput[] | null);
    case 'list':
    case 'codes': {
      const items = ((raw as string[] | null) ?? []).map((s) => s.trim()).filter((s) => s !== '');
      return kind === 'codes' ? [...new Set(items)] : items;
    }
  }
}

/**
 * Applies an input to a format's current state (or to an empty one when creating): a field
 * left out keeps its value, an explicit null clears it.
 */
export function applyInput(current: ExchangeFormatRow, input: ExchangeFormatInput): ExchangeFormatRow {
  const changes: Record<string, unknown> = {};
  for (const [key, [field, kind]] of Object.entries(INPUT_FIELDS)) {
    const raw = input[key as keyof ExchangeFormatInput];
    if (raw !== undefined) changes[field] = cleaned(raw, kind);
  }
  return { ...current, ...changes };
}

/**
 * A new format. A Ressort editor's is convened by their Ressort unless the input names a
 * convenor, coordinator or joint leads itself.
 */
export function newFormat(viewer: Viewer, input: ExchangeFormatInput): ExchangeFormatRow {
  const namesLead =
    input.convenorRessort !== undefined ||
    input.coordinatorRessort !== undefined ||
    input.jointLeadRessorts !== undefined;
  const empty: ExchangeFormatRow = {
    id: '',
    name: '',
    shortName: null,
    // Not a type or level yet: TYPE_REQUIRED and LEVEL_REQUIRED refuse the write unless the input gives them.
    type: '' as ExchangeFormatType,
    level: '' as Level,
    convenor: null,
    convenorRessort: namesLead ? null : viewer.ressort,
    coordinatorRessort: null,
    jointLeadRessorts: [],
    participantKinds: [],
    since: null,
    validFrom: null,
    validTo: null,
    year: null,
    sessions: [],
    phases: [],
    facts: [],
    guidelineReference: '',
    addressesAllTargetGroups: false,
    targetGroups: [],
    detailedTargetGroups: [],
    relatedFederalMeasures: [],
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

export function assertMayEdit(viewer: Viewer, row: ExchangeFormatRow): void {
  if (!canEditExchangeFormat(viewer, row.id, formatRessorts(row))) {
    const leads = formatRessorts(row).filter((r): r is string => r !== null);
    throw forbidden(
      hasRole(viewer, 'editor') && viewer.ressort
        ? `A ${viewer.ressort} editor may not write formats led by ${leads.join(', ') || 'no Ressort'}`
        : 'Only the editors of a format (by its id or its convening, coordinating or leading Ressort) and admins may write exchange formats',
    );
  }
}

/** Drafts the caller may not see do not exist for them. */
export function assertVisible(viewer: Viewer, row: ExchangeFormatRow): void {
  if (row.draft && !canEditExchangeFormat(viewer, row.id, formatRessorts(row)) && !hasRole(viewer, 'analyst')) {
    throw notFound(FORMAT_TABLE.what, row.id);
  }
}

function assertWritable(viewer: Viewer, row: ExchangeFormatRow): void {
  assertVisible(viewer, row);
  assertMayEdit(viewer, row);
}

async function assertValid(q: Queryable, row: ExchangeFormatRow): Promise<void> {
  const taken = row.externalId
    ? ((await q.query('SELECT id FROM exchange.format WHERE external_id = $1', [row.externalId])) as { id: string }[])
    : [];
  const violations = checkFormatRules(row, { externalIdTakenBy: taken[0]?.id ?? null });
  if (violations.length > 0) throw validationFailed(violations);
}

export async function createFormat(db: DataSource, actor: WriteActor, input: ExchangeFormatInput): Promise<string> {
  requireSignedIn(actor.viewer);
  const row = newFormat(actor.viewer, input);
  if (formatRessorts(row).some((r) => r !== null)) assertMayEdit(actor.viewer, row);
  return db.transaction(async (tx) => {
    await assertValid(tx, row);
    const [id = ''] = await uniqueIds(tx, 'exchange.format', [`format:${slugify(row.name)}`]);
    const created = { ...row, id, lastReviewedAt: new Date(), lastReviewedBy: actor.viewer.subject };
    // Led by no Ressort, a format is written only by admins or the editors its id is given to.
    assertMayEdit(actor.viewer, created);
    await insertVersioned(tx, FORMAT_TABLE, created, actor, 'CREATE');
    return id;
  });
}

export async function updateFormat(
  db: DataSource,
  actor: WriteActor,
  id: string,
  version: number,
  input: ExchangeFormatInput,
): Promise<void> {
  requireSignedIn(actor.viewer);
  await db.transaction((tx) =>
    updateVersioned(
      tx,
      FORMAT_TABLE,
      {
        id,
        expectedVersion: version,
        action: 'UPDATE',
        authorize: (current) => {
          assertWritable(actor.viewer, current);
          assertNotArchived(current, 'An archived exchange format cannot be changed');
        },
        apply: (current) => applyInput(current, input),
        validate: async (next, current) => {
          // Handing a format to other Ressorts needs the right to write it under the new lead too.
          if (JSON.stringify(formatRessorts(next)) !== JSON.stringify(formatRessorts(current))) {
            assertMayEdit(actor.viewer, next);
          }
          await assertValid(tx, next);
        },
      },
      actor,
    ),
  );
}

export function archiveFormat(
  db: DataSource,
  actor: WriteActor,
  id: string,
  version: number,
  reason: string,
): Promise<void> {
  return archiveVersioned(db, FORMAT_TABLE, actor, {
    id,
    version,
    reason,
    assertWritable: (row) => assertWritable(actor.viewer, row),
  });
}

export function markFormatReviewed(
  db: DataSource,
  actor: WriteActor,
  id: string,
  version: number,
  note: string | null,
): Promise<void> {
  return reviewVersioned(db, FORMAT_TABLE, actor, {
    id,
    version,
    note,
    assertWritable: (row) => assertWritable(actor.viewer, row),
  });
}
