import {
  CellError,
  checkJsonValue,
  formatCell,
  formatListCell,
  parseCell,
  parseListCell,
} from '../../scripts/bulk/cells';
import type { ValueType } from '../../scripts/bulk/columns';

const INT: ValueType = { kind: 'int' };
const BOOL: ValueType = { kind: 'boolean' };
const AREA: ValueType = { kind: 'enum', enumName: 'Area' };
const AREAS: ValueType = { kind: 'list', enumName: 'Area' };
const STRINGS: ValueType = { kind: 'list' };
const CONTACTS: ValueType = { kind: 'contacts' };
const IMPLEMENTERS: ValueType = { kind: 'implementers' };

function ruleOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof CellError) return error.rule;
    throw error;
  }
  return undefined;
}

describe('parseCell', () => {
  it('reads an empty or blank cell as null (the field is cleared)', () => {
    for (const type of [INT, BOOL, AREA, AREAS, CONTACTS, { kind: 'string' } as const]) {
      expect(parseCell(type, '')).toBeNull();
      expect(parseCell(type, '  ')).toBeNull();
    }
  });

  it('keeps text as it is, umlauts and semicolons included', () => {
    expect(parseCell({ kind: 'string' }, ' Köln; Süd ')).toBe(' Köln; Süd ');
  });

  it.each([
    ['12', 12],
    [' -3 ', -3],
    ['+7', 7],
  ])('reads the whole number %p', (cell, value) => {
    expect(parseCell(INT, cell)).toBe(value);
  });

  it.each(['zwölf', '1.5', '1,5', '1e3', '99999999999999999999'])('refuses %p as INVALID_NUMBER', (cell) => {
    expect(ruleOf(() => parseCell(INT, cell))).toBe('INVALID_NUMBER');
  });

  it.each([
    ['true', true],
    ['WAHR', true],
    ['ja', true],
    ['1', true],
    ['x', true],
    ['false', false],
    ['FALSCH', false],
    ['Nein', false],
    ['0', false],
  ])('reads %p as the boolean %p', (cell, value) => {
    expect(parseCell(BOOL, cell)).toBe(value);
  });

  it('refuses other booleans as INVALID_BOOLEAN', () => {
    expect(ruleOf(() => parseCell(BOOL, 'vielleicht'))).toBe('INVALID_BOOLEAN');
  });

  it('reads enum values in any case and refuses unknown ones, naming the allowed values', () => {
    expect(parseCell(AREA, ' language ')).toBe('LANGUAGE');
    expect(() => parseCell(AREA, 'SPRACHE')).toThrow(/LANGUAGE, EDUCATION_AND_WORK, SOCIETY/);
    expect(ruleOf(() => parseCell(AREA, 'SPRACHE'))).toBe('UNKNOWN_VALUE');
  });

  it('reads lists separated by |, trimming items and checking each enum value', () => {
    expect(parseCell(AREAS, 'LANGUAGE|SOCIETY')).toEqual(['LANGUAGE', 'SOCIETY']);
    expect(parseCell(AREAS, ' language | society |')).toEqual(['LANGUAGE', 'SOCIETY']);
    expect(ruleOf(() => parseCell(AREAS, 'LANGUAGE|KULTUR'))).toBe('UNKNOWN_VALUE');
    expect(parseCell(STRINGS, '§ 43 AufenthG|§ 44 AufenthG')).toEqual(['§ 43 AufenthG', '§ 44 AufenthG']);
  });

  it('reads a list cell holding a JSON array, for items that contain |', () => {
    expect(parseCell(STRINGS, '["a|b", "c"]')).toEqual(['a|b', 'c']);
    expect(ruleOf(() => parseCell(STRINGS, '["a", 1]'))).toBe('INVALID_VALUE');
    expect(ruleOf(() => parseCell(STRINGS, '[a, b]'))).toBe('INVALID_JSON');
  });

  it('reads contacts and implementers as JSON arrays and checks their shape', () => {
    expect(parseCell(CONTACTS, '[{"name":"Erika Muster","email":"e@bmas.bund.de","phone":null}]')).toEqual([
      { name: 'Erika Muster', email: 'e@bmas.bund.de' },
    ]);
    expect(parseCell(IMPLEMENTERS, '[{"name":"BAMF","ressort":"BAMF"},{"name":"Träger"}]')).toEqual([
      { name: 'BAMF', ressort: 'BAMF' },
      { name: 'Träger' },
    ]);
    expect(ruleOf(() => parseCell(CONTACTS, '[{"name":"Erika"'))).toBe('INVALID_JSON');
    expect(ruleOf(() => parseCell(CONTACTS, '{"name":"Erika"}'))).toBe('INVALID_VALUE');
    expect(ruleOf(() => parseCell(CONTACTS, '[{"email":"e@x.de"}]'))).toBe('INVALID_VALUE');
    expect(ruleOf(() => parseCell(CONTACTS, '[{"name":"Erika","fax":"1"}]'))).toBe('INVALID_VALUE');
    expect(ruleOf(() => parseCell(IMPLEMENTERS, '[{"name":"BAMF","ressort":7}]'))).toBe('INVALID_VALUE');
  });
});

describe('list cells round-trip', () => {
  it.each([
    [['LANGUAGE', 'SOCIETY'], 'LANGUAGE|SOCIETY'],
    [['§ 45a AufenthG'], '§ 45a AufenthG'],
    [['a|b', 'c'], '["a|b","c"]'],
    [[' padded '], '[" padded "]'],
    [['[Entwurf]'], '["[Entwurf]"]'],
    [[], ''],
  ])('writes %j as %p and reads it back', (items, cell) => {
    expect(formatListCell(items)).toBe(cell);
    expect(cell === '' ? [] : parseListCell(cell)).toEqual(items);
  });
});

describe('formatCell', () => {
  it('writes each type so that parseCell reads it back', () => {
    const cases: [ValueType, unknown][] = [
      [INT, 16],
      [BOOL, false],
      [BOOL, true],
      [AREA, 'SOCIETY'],
      [AREAS, ['LANGUAGE', 'EDUCATION_AND_WORK']],
      [CONTACTS, [{ name: 'Jürgen', role: 'Referat; MI 3' }]],
      [IMPLEMENTERS, [{ name: 'BAMF', ressort: 'BAMF' }]],
      [{ kind: 'string' }, 'Größe "XL"; klein'],
    ];
    for (const [type, value] of cases) expect(parseCell(type, formatCell(type, value))).toEqual(value);
  });

  it('writes null, empty lists and no contacts as an empty cell', () => {
    expect(formatCell(INT, null)).toBe('');
    expect(formatCell(AREAS, [])).toBe('');
    expect(formatCell(CONTACTS, [])).toBe('');
  });
});

describe('checkJsonValue', () => {
  it('accepts values shaped like the GraphQL input', () => {
    expect(checkJsonValue(INT, 3)).toBe(3);
    expect(checkJsonValue(BOOL, true)).toBe(true);
    expect(checkJsonValue(AREAS, ['language'])).toEqual(['LANGUAGE']);
    expect(checkJsonValue(CONTACTS, [{ name: 'A', role: null }])).toEqual([{ name: 'A' }]);
    expect(checkJsonValue(INT, null)).toBeNull();
  });

  it('refuses values of the wrong type with the same rules as CSV', () => {
    expect(ruleOf(() => checkJsonValue(INT, '3'))).toBe('INVALID_NUMBER');
    expect(ruleOf(() => checkJsonValue(INT, 2.5))).toBe('INVALID_NUMBER');
    expect(ruleOf(() => checkJsonValue(BOOL, 'true'))).toBe('INVALID_BOOLEAN');
    expect(ruleOf(() => checkJsonValue(AREA, 'KULTUR'))).toBe('UNKNOWN_VALUE');
    expect(ruleOf(() => checkJsonValue(AREAS, 'LANGUAGE'))).toBe('INVALID_VALUE');
    expect(ruleOf(() => checkJsonValue({ kind: 'string' }, 5))).toBe('INVALID_VALUE');
  });
});
