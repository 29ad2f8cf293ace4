import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, visit, type DefinitionNode, type FieldDefinitionNode } from 'graphql';
import type { SubgraphSource } from '../compose';
import { REPO_ROOT } from '../registry';
import { VOCABULARY_SDL_PATH, withVocabulary } from '../vocabulary-sdl';
import type { Candidate } from './check-candidate';

export interface PolicyViolation {
  rule:
    | 'REDEFINES_HUB_FIELD'
    | 'REDEFINES_HUB_TYPE'
    | 'REDEFINES_SHARED_VOCABULARY'
    | 'NAMESPACE_REQUIRED'
    | 'TOUCHES_OTHER_LAND'
    | 'TAKES_OVER_FIELD'
    | 'UNKNOWN_LAND';
  /** Type or Type.field at fault. */
  coordinate: string;
  message: string;
}

interface LaenderSeed {
  ars: string;
  abbreviation: string;
}

/** Every Land's namespace: its ISO 3166-2 abbreviation in lower case (09 → by, 11 → be). */
export const LAND_NAMESPACES: ReadonlyMap<string, string> = new Map(
  (
    JSON.parse(
      readFileSync(path.join(REPO_ROOT, 'subgraphs', 'laender', 'seed', 'laender.json'), 'utf8'),
    ) as LaenderSeed[]
  ).map((l) => [l.ars, l.abbreviation.toLowerCase()]),
);

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * Federation's own machinery, which a running subgraph's `_service { sdl }` prints along with
 * the Land's schema: not the Land's types or fields, so the policy does not judge them.
 */
function isFederationMachinery(name: string): boolean {
  return (
    /^(_Any|_Service|_Entity|_FieldSet|FieldSet|link__\w+|federation__\w+|join__\w+)$/.test(name) ||
    /^_(entities|service)$/.test(name)
  );
}
const TYPE_KINDS = new Set<string>([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_EXTENSION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_DEFINITION,
  Kind.UNION_TYPE_DEFINITION,
]);

type TypeNode = DefinitionNode & { name: { value: string }; fields?: readonly { name: { value: string } }[] };

function typeNodes(sdl: string): TypeNode[] {
  return parse(sdl).definitions.filter((d): d is TypeNode => TYPE_KINDS.has(d.kind));
}

/** Key fields of an entity (`@key(fields: "ars")`), which every subgraph that extends it repeats. */
function keyFields(node: TypeNode): Set<string> {
  const keys = new Set<string>();
  const directives = 'directives' in node ? (node.directives ?? []) : [];
  for (const d of directives) {
    if (d.name.value !== 'key') continue;
    const fields = d.arguments?.find((a) => a.name.value === 'fields');
    if (fields?.value.kind === Kind.STRING) for (const f of fields.value.value.split(/\s+/)) if (f) keys.add(f);
  }
  return keys;
}

interface HubType {
  fields: Set<string>;
  keys: Set<string>;
}

function collectTypes(sources: readonly SubgraphSource[]): Map<string, HubType> {
  const types = new Map<string, HubType>();
  for (const source of sources) {
    for (const node of typeNodes(withVocabulary(source.sdl))) {
      const entry = types.get(node.name.value) ?? { fields: new Set<string>(), keys: new Set<string>() };
      for (const f of node.fields ?? []) entry.fields.add(f.name.value);
      for (const k of keyFields(node)) entry.keys.add(k);
      types.set(node.name.value, entry);
    }
  }
  return types;
}

/** A definition printed without descriptions, so wording and string style do not count as changes. */
function shape(node: DefinitionNode): string {
  return print(
    visit(node, {
      enter(n) {
        return 'description' in n && n.description ? { ...n, description: undefined } : undefined;
      },
    }),
  );
}

function usesDirective(node: TypeNode | FieldDefinitionNode, name: string): boolean {
  const directives = 'directives' in node ? (node.directives ?? []) : [];
  return directives.some((d) => d.name.value === name);
}

/** What the checks of one candidate share: its namespace, the hub's and other Lands' types. */
interface PolicyScope {
  namespace: string;
  hubTypes: Map<string, HubType>;
  otherLandTypes: Map<string, HubType>;
  vocabulary: Map<string, string>;
  /** Another Land's namespace that `name` is in, if any (`Be…` for types, `be…` for fields). */
  otherPrefix: (name: string, capital: boolean) => string | undefined;
  add: (rule: PolicyViolation['rule'], coordinate: string, message: string) => void;
}

/** A field a Land adds to a hub type (or to Query/Mutation): namespaced, never a hub field. */
function checkHubTypeField(scope: PolicyScope, type: string, hubType: HubType | undefined, field: FieldDefinitionNode) {
  const { namespace, add } = scope;
  const name = field.name.value;
  if (isFederationMachinery(name)) return;
  const coordinate = `${type}.${name}`;
  if (usesDirective(field, 'override'))
    add('TAKES_OVER_FIELD', coordinate, `@override would take ${coordinate} away from its owner`);
  if (hubType?.fields.has(name)) {
    if (!hubType.keys.has(name))
      add(
        'REDEFINES_HUB_FIELD',
        coordinate,
        `${coordinate} belongs to the hub; add fields named ${namespace}… instead`,
      );
    return;
  }
  const other = scope.otherPrefix(name, false);
  if (other) add('TOUCHES_OTHER_LAND', coordinate, `${coordinate} is in the namespace "${other}" of another Land`);
  else if (!new RegExp(`^${namespace}[A-Z]`).test(name))
    add(
      'NAMESPACE_REQUIRED',
      coordinate,
      `${coordinate} must be named ${namespace}… (e.g. ${namespace}${name[0]?.toUpperCase()}${name.slice(1)})`,
    );
}

function checkType(scope: PolicyScope, node: TypeNode): void {
  const { add } = scope;
  const type = node.name.value;
  if (isFederationMachinery(type)) return;
  if (scope.vocabulary.has(type)) {
    if (scope.vocabulary.get(type) !== shape(node))
      add(
        'REDEFINES_SHARED_VOCABULARY',
        type,
        `${type} is shared vocabulary (schema/vocabulary.graphql) and must stay as it is`,
      );
    return;
  }
  if (usesDirective(node, 'interfaceObject'))
    add('TAKES_OVER_FIELD', type, `@interfaceObject on ${type} is reserved to the hub`);
  const hubType = scope.hubTypes.get(type);
  if (scope.otherLandTypes.has(type) && !hubType) {
    add('TOUCHES_OTHER_LAND', type, `${type} belongs to another Land's subgraph`);
    return;
  }
  if (hubType || ROOT_TYPES.has(type)) {
    if (hubType && !('fields' in node && node.fields)) add('REDEFINES_HUB_TYPE', type, `${type} belongs to the hub`);
    for (const field of node.fields ?? []) checkHubTypeField(scope, type, hubType, field as FieldDefinitionNode);
    return;
  }
  const Namespace = scope.namespace[0]?.toUpperCase() + scope.namespace.slice(1);
  const other = scope.otherPrefix(type, true);
  if (other) add('TOUCHES_OTHER_LAND', type, `${type} is in the namespace "${other}" of another Land`);
  else if (!new RegExp(`^${Namespace}[A-Z]`).test(type))
    add('NAMESPACE_REQUIRED', type, `The type ${type} must be named ${Namespace}…`);
}

/**
 * What a Land subgraph may do: add fields to the hub's entities and define types of its own, all
 * named in its namespace (Bayern: `byCoursePlaces`, `ByCoursePlace`). It may not redefine or take
 * over a field or type the hub owns, change the shared vocabulary, or use another Land's
 * namespace or types (it would present that Land's data as its own).
 */
export function landPolicyViolations(
  candidate: Candidate,
  hub: readonly SubgraphSource[],
  otherLands: readonly SubgraphSource[],
): PolicyViolation[] {
  const namespace = candidate.land ? LAND_NAMESPACES.get(candidate.land) : undefined;
  if (!namespace) {
    return [
      {
        rule: 'UNKNOWN_LAND',
        coordinate: candidate.name,
        message: `"${candidate.land ?? ''}" is not the 2-digit ARS of a Land`,
      },
    ];
  }
  const violations: PolicyViolation[] = [];
  const others = [...LAND_NAMESPACES.values()].filter((n) => n !== namespace);
  const scope: PolicyScope = {
    namespace,
    hubTypes: collectTypes(hub),
    otherLandTypes: collectTypes(otherLands),
    vocabulary: new Map(typeNodes(readFileSync(VOCABULARY_SDL_PATH, 'utf8')).map((n) => [n.name.value, shape(n)])),
    otherPrefix: (name, capital) =>
      others.find((o) => new RegExp(`^${capital ? o[0]?.toUpperCase() + o.slice(1) : o}[A-Z]`).test(name)),
    add: (rule, coordinate, message) => violations.push({ rule, coordinate, message }),
  };
  for (const node of typeNodes(withVocabulary(candidate.sdl))) checkType(scope, node);
  return violations;
}
