import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  Kind,
  parse,
  type DocumentNode,
  type EnumTypeDefinitionNode,
  type InputObjectTypeDefinitionNode,
  type TypeNode,
} from 'graphql';
import { ENUMS, type ColumnSpec } from '../../scripts/bulk/columns';
import { KIND_SPECS } from '../../scripts/bulk/kinds';
import { REPO_ROOT } from '../../schema/registry';
import { VOCABULARY_SDL_PATH } from '../../schema/vocabulary-sdl';

const vocabulary = parse(readFileSync(VOCABULARY_SDL_PATH, 'utf8'));

function subgraphSchema(name: string): DocumentNode {
  return parse(readFileSync(path.join(REPO_ROOT, 'subgraphs', name, 'schema.graphql'), 'utf8'));
}

function inputType(doc: DocumentNode, name: string): InputObjectTypeDefinitionNode | undefined {
  return doc.definitions.find(
    (d): d is InputObjectTypeDefinitionNode => d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && d.name.value === name,
  );
}

function namedType(type: TypeNode): { name: string; list: boolean } {
  if (type.kind === Kind.NON_NULL_TYPE) return namedType(type.type);
  if (type.kind === Kind.LIST_TYPE) return { name: namedType(type.type).name, list: true };
  return { name: type.name.value, list: false };
}

/** What a column's value type must be for a GraphQL input field type. */
function expectedKind(column: ColumnSpec, graphqlType: { name: string; list: boolean }): boolean {
  const t = column.type;
  switch (t.kind) {
    case 'string':
      return !graphqlType.list && ['String', 'ID'].includes(graphqlType.name);
    case 'int':
      return graphqlType.name === 'Int';
    case 'boolean':
      return graphqlType.name === 'Boolean';
    case 'enum':
      return !graphqlType.list && graphqlType.name === t.enumName;
    case 'list':
      return graphqlType.list && graphqlType.name === (t.enumName ?? 'String');
    case 'contacts':
      return graphqlType.list && graphqlType.name === 'ContactInput';
    case 'implementers':
      return graphqlType.list && graphqlType.name === 'ImplementerInput';
  }
}

describe('the file columns', () => {
  const enums = new Map(
    vocabulary.definitions
      .filter((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION)
      .map((d) => [d.name.value, (d.values ?? []).map((v) => v.name.value)]),
  );

  it.each(Object.entries(ENUMS))('check %s against the values schema/vocabulary.graphql declares', (name, values) => {
    expect(enums.get(name)).toEqual([...values]);
  });

  it.each([
    ['federal', 'federal'],
    ['regional', 'laender'],
  ] as const)('cover every field of the %s input type, with matching types', (kind, subgraph) => {
    const spec = KIND_SPECS[kind];
    const input = inputType(subgraphSchema(subgraph), spec.inputType);
    if (!input) {
      // The regional import is being added; until its input type exists there is nothing to compare.
      expect(kind).toBe('regional');
      return;
    }
    const fields = new Map((input.fields ?? []).map((f) => [f.name.value, namedType(f.type)]));
    expect(new Set(spec.columns.map((c) => c.inputField))).toEqual(new Set(fields.keys()));
    const successControl = inputType(vocabulary, 'SuccessControlInput');
    const parts = new Map((successControl?.fields ?? []).map((f) => [f.name.value, namedType(f.type)]));
    for (const column of spec.columns) {
      const type =
        column.inputField === 'successControl'
          ? parts.get(column.name.slice('successControl.'.length))
          : fields.get(column.inputField);
      expect([column.name, type && expectedKind(column, type)]).toEqual([column.name, true]);
    }
  });

  it('are unique by name, case-insensitively, and none starts with _', () => {
    for (const spec of Object.values(KIND_SPECS)) {
      const names = spec.columns.map((c) => c.name.toLowerCase());
      expect(new Set(names).size).toBe(names.length);
      expect(names.filter((n) => n.startsWith('_'))).toEqual([]);
      expect(spec.readOnly.every((r) => r.name.startsWith('_'))).toBe(true);
    }
  });
});
