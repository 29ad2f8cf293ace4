import type { ColumnSpec } from './versioned-write';

/**
 * How an input value is cleaned before it is stored: text is trimmed and '' is null; required
 * text is trimmed and null is ''; a list is trimmed with blanks dropped; codes are a list
 * without repeats. A function cleans a value of its own shape (e.g. sessions).
 */
export type InputKind = 'text' | 'requiredText' | 'int' | 'boolean' | 'list' | 'codes' | ((raw: unknown) => unknown);

/** Each input field, the row field it sets and how its value is cleaned. */
export type InputFields<Input, Row> = Record<keyof Input & string, readonly [keyof Row & string, InputKind]>;

export function trimmedOrNull(raw: unknown): unknown {
  const value = typeof raw === 'string' ? raw.trim() : raw;
  return value === '' || value == null ? null : value;
}

function cleaned(raw: unknown, kind: InputKind): unknown {
  if (typeof kind === 'function') return kind(raw);
  switch (kind) {
    case 'text':
      return trimmedOrNull(raw);
    case 'requiredText':
      return trimmedOrNull(raw) ?? '';
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
 * Applies an input to a row's current state (or to an empty one when creating): a field left
 * out keeps its value, an explicit null clears it. Returns a new row.
 */
export function applyInputFields<Input extends object, Row extends object>(
  current: Row,
  input: Input,
  fields: Partial<InputFields<Input, Row>>,
): Row {
  const changes: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(fields) as [string, readonly [string, InputKind]][]) {
    const raw = (input as Record<string, unknown>)[key];
    if (raw !== undefined) changes[spec[0]] = cleaned(raw, spec[1]);
  }
  return { ...current, ...changes };
}

function columnType(kind: InputKind): string {
  if (typeof kind === 'function') return 'jsonb';
  if (kind === 'list' || kind === 'codes') return 'text[]';
  return kind === 'requiredText' ? 'text' : kind;
}

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * An object's editable fields from one table: each input field with how it is cleaned, and the
 * row field it sets where that is named otherwise. Its column is the input field in snake_case,
 * of the type its kind stores (a custom kind stores JSON); the lifecycle's columns follow.
 * History records changes under the row field names.
 */
export function editableFields<Input, Row>(
  kinds: Record<keyof Input & string, InputKind>,
  rowFields: Partial<Record<keyof Input & string, keyof Row & string>> = {},
): { inputs: InputFields<Input, Row>; columns: readonly ColumnSpec<Row>[] } {
  const entries = Object.entries(kinds) as [keyof Input & string, InputKind][];
  const fieldOf = (key: keyof Input & string) => rowFields[key] ?? key;
  const inputs = Object.fromEntries(entries.map(([key, kind]) => [key, [fieldOf(key), kind]]));
  const columns = entries.map(([key, kind]) => ({
    field: fieldOf(key),
    column: snakeCase(key),
    type: columnType(kind),
  }));
  return {
    inputs: inputs as unknown as InputFields<Input, Row>,
    columns: [...columns, ...LIFECYCLE_COLUMNS] as ColumnSpec<Row>[],
  };
}

/** What every editable object starts from: not yet written, reviewed, archived or a draft. */
export function emptyLifecycle() {
  return {
    id: '',
    version: 0,
    externalId: null,
    draft: false,
    archivedAt: null,
    archiveReason: null,
    lastReviewedAt: null,
    lastReviewedBy: null,
    updatedAt: new Date(),
    sources: [],
    verified: true,
  };
}

interface LifecycleFields {
  archivedAt: Date | null;
  archiveReason: string | null;
  lastReviewedAt: Date | null;
  lastReviewedBy: string | null;
}

/** The lifecycle's writable columns, the same in every table; history records changes under these names. */
export const LIFECYCLE_COLUMNS = [
  { field: 'archivedAt', column: 'archived_at', type: 'timestamptz' },
  { field: 'archiveReason', column: 'archive_reason', type: 'text' },
  { field: 'lastReviewedAt', column: 'last_reviewed_at', type: 'timestamptz' },
  { field: 'lastReviewedBy', column: 'last_reviewed_by', type: 'text' },
] as const satisfies readonly ColumnSpec<LifecycleFields>[];
