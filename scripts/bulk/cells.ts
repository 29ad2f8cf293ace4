/**
 * Values of one column: a CSV cell (text) to the GraphQL input value and back, and the check of a
 * value from a JSON file. Every check that needs no server happens here.
 */
import { compactObject, ENUMS, type ColumnSpec, type ValueType } from './columns';

/** A cell or JSON value that cannot be used; `rule` is one of LOCAL_RULES. */
export class CellError extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'CellError';
  }
}

const TRUE = new Set(['true', 'wahr', 'ja', 'yes', '1', 'x']);
const FALSE = new Set(['false', 'falsch', 'nein', 'no', '0']);

function quote(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return `"${short}"`;
}

function enumValue(enumName: string, raw: string): string {
  const values = ENUMS[enumName] ?? [];
  const wanted = raw.trim().toUpperCase();
  const found = values.find((v) => v === wanted);
  if (!found) throw new CellError('UNKNOWN_VALUE', `${quote(raw.trim())} is not one of ${values.join(', ')}`);
  return found;
}

function parseJsonCell(cell: string): unknown {
  try {
    return JSON.parse(cell) as unknown;
  } catch (error) {
    throw new CellError('INVALID_JSON', `${quote(cell)} is not valid JSON: ${(error as Error).message}`);
  }
}

/** A list cell: items separated by `|`, or a JSON array of strings when an item holds a `|`. */
export function parseListCell(cell: string): string[] {
  const text = cell.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    const value = parseJsonCell(text);
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      throw new CellError('INVALID_VALUE', `${quote(text)} must be a JSON array of strings`);
    }
    return value as string[];
  }
  return text
    .split('|')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The inverse of parseListCell: `A|B`, or JSON when `|`-joining would not read back the same. */
export function formatListCell(items: readonly string[] | null | undefined): string {
  if (!items || items.length === 0) return '';
  const plainReadsBack = items.every((i) => i !== '' && !i.includes('|') && i.trim() === i);
  const joined = items.join('|');
  return plainReadsBack && !(joined.startsWith('[') && joined.endsWith(']')) ? joined : JSON.stringify(items);
}

function checkStringMembers(
  value: Record<string, unknown>,
  allowed: readonly string[],
  required: readonly string[],
  what: string,
): Record<string, unknown> {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      throw new CellError('INVALID_VALUE', `${what} has no field "${key}" (${allowed.join(', ')})`);
  }
  for (const key of allowed) {
    const member = value[key];
    if (required.includes(key) && (typeof member !== 'string' || member.trim() === '')) {
      throw new CellError('INVALID_VALUE', `${what} needs "${key}"`);
    }
    if (member != null && typeof member !== 'string') {
      throw new CellError('INVALID_VALUE', `${what}: "${key}" must be text`);
    }
  }
  return compactObject(value);
}

function checkObjectList(value: unknown, type: 'contacts' | 'implementers'): Record<string, unknown>[] {
  const shape =
    type === 'contacts'
      ? { allowed: ['name', 'role', 'email', 'phone'], what: 'A contact' }
      : { allowed: ['name', 'ressort'], what: 'An implementer' };
  if (!Array.isArray(value)) {
    throw new CellError('INVALID_VALUE', `${type} must be a JSON array of objects like ${example(type)}`);
  }
  return value.map((item: unknown) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new CellError('INVALID_VALUE', `${type} must be a JSON array of objects like ${example(type)}`);
    }
    return checkStringMembers(item as Record<string, unknown>, shape.allowed, ['name'], shape.what);
  });
}

function example(type: 'contacts' | 'implementers'): string {
  return type === 'contacts'
    ? '[{"name":"Erika Muster","email":"erika.muster@bmas.bund.de"}]'
    : '[{"name":"Bundesamt für Migration und Flüchtlinge","ressort":"BAMF"}]';
}

/** A CSV cell as the input value of its column; '' is null (the field is cleared). */
export function parseCell(type: ValueType, cell: string): unknown {
  if (cell.trim() === '') return null;
  switch (type.kind) {
    case 'string':
      return cell;
    case 'int': {
      const text = cell.trim();
      if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
        throw new CellError('INVALID_NUMBER', `${quote(text)} is not a whole number`);
      }
      return Number(text);
    }
    case 'boolean': {
      const text = cell.trim().toLowerCase();
      if (TRUE.has(text)) return true;
      if (FALSE.has(text)) return false;
      throw new CellError('INVALID_BOOLEAN', `${quote(cell.trim())} is not true or false`);
    }
    case 'enum':
      return enumValue(type.enumName, cell);
    case 'list': {
      const items = parseListCell(cell);
      return type.enumName ? items.map((i) => enumValue(type.enumName as string, i)) : items;
    }
    case 'contacts':
    case 'implementers':
      return checkObjectList(parseJsonCell(cell.trim()), type.kind);
  }
}

/** A string, number or boolean as text; anything else as JSON. */
export function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A value in input shape as a CSV cell (the inverse of parseCell). */
export function formatCell(type: ValueType, value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (type.kind) {
    case 'string':
    case 'enum':
    case 'int':
      return scalarText(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'list':
      return formatListCell(value as string[]);
    case 'contacts':
    case 'implementers': {
      const list = (value as Record<string, unknown>[]).map(compactObject);
      return list.length === 0 ? '' : JSON.stringify(list);
    }
  }
}

/** A value of a JSON file's row, checked for its column's type; returns the value to send. */
export function checkJsonValue(type: ValueType, value: unknown): unknown {
  if (value === null) return null;
  switch (type.kind) {
    case 'string':
      if (typeof value !== 'string') throw new CellError('INVALID_VALUE', `${JSON.stringify(value)} must be text`);
      return value;
    case 'int':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw new CellError('INVALID_NUMBER', `${JSON.stringify(value)} is not a whole number`);
      }
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') {
        throw new CellError('INVALID_BOOLEAN', `${JSON.stringify(value)} is not true or false`);
      }
      return value;
    case 'enum':
      if (typeof value !== 'string') throw new CellError('UNKNOWN_VALUE', `${JSON.stringify(value)} must be text`);
      return enumValue(type.enumName, value);
    case 'list': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
        throw new CellError('INVALID_VALUE', `${JSON.stringify(value)} must be an array of strings`);
      }
      const items = value as string[];
      return type.enumName ? items.map((i) => enumValue(type.enumName as string, i)) : items;
    }
    case 'contacts':
    case 'implementers':
      return checkObjectList(value, type.kind);
  }
}

/** Columns whose values make up one input field (the successControl.* trio), keyed by field. */
export function groupByInputField(columns: readonly ColumnSpec[]): Map<string, ColumnSpec[]> {
  const groups = new Map<string, ColumnSpec[]>();
  for (const c of columns) groups.set(c.inputField, [...(groups.get(c.inputField) ?? []), c]);
  return groups;
}
