import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import {
  findBreakingChanges,
  findDangerousChanges,
  Kind,
  parse,
  print,
  type DefinitionNode,
  type FieldDefinitionNode,
  type GraphQLSchema,
  visit,
} from 'graphql';
import { VOCABULARY_SDL_PATH, withVocabulary } from './vocabulary-sdl';
import { compose, sourcesOf, type SubgraphSource } from './compose';
import { REPO_ROOT, type RegistryEntry } from './registry';

/** A subgraph proposed for the graph: new, or a new version of a registered one. */
export interface Candidate {
  name: string;
  url: string;
  sdl: string;
  kind: 'hub' | 'land';
  /** A Land subgraph's 2-digit ARS. */
  land?: string;
}

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

export interface SchemaChange {
  type: string;
  description: string;
}

export interface CheckReport {
  ok: boolean;
  subgraph: string;
  compositionErrors: string[];
  policyViolations: PolicyViolation[];
  /** Changes that break existing clients: removed or changed fields and types, nullability. */
  breakingChanges: SchemaChange[];
  /** Changes that may change what existing clients get (e.g. a new enum value). */
  dangerousChanges: SchemaChange[];
  /** The supergraph the candidate would produce, when it composes. */
  supergraphSdl: string | null;
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
  const violations: PolicyViolation[] = [];
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
  const Namespace = namespace[0]?.toUpperCase() + namespace.slice(1);
  const others = [...LAND_NAMESPACES.values()].filter((n) => n !== namespace);
  const hubTypes = collectTypes(hub);
  const otherLandTypes = collectTypes(otherLands);
  const vocabulary = new Map(typeNodes(readFileSync(VOCABULARY_SDL_PATH, 'utf8')).map((n) => [n.name.value, shape(n)]));
  const add = (rule: PolicyViolation['rule'], coordinate: string, message: string) =>
    violations.push({ rule, coordinate, message });
  const otherPrefix = (name: string, capital: boolean) =>
    others.find((o) => new RegExp(`^${capital ? o[0]?.toUpperCase() + o.slice(1) : o}[A-Z]`).test(name));

  for (const node of typeNodes(withVocabulary(candidate.sdl))) {
    const type = node.name.value;
    if (isFederationMachinery(type)) continue;
    if (vocabulary.has(type)) {
      if (vocabulary.get(type) !== shape(node)) {
        add(
          'REDEFINES_SHARED_VOCABULARY',
          type,
          `${type} is shared vocabulary (schema/vocabulary.graphql) and must stay as it is`,
        );
      }
      continue;
    }
    if (usesDirective(node, 'interfaceObject'))
      add('TAKES_OVER_FIELD', type, `@interfaceObject on ${type} is reserved to the hub`);
    const otherOwner = otherLandTypes.get(type);
    const hubType = hubTypes.get(type);
    if (otherOwner && !hubType) {
      add('TOUCHES_OTHER_LAND', type, `${type} belongs to another Land's subgraph`);
      continue;
    }
    if (hubType || ROOT_TYPES.has(type)) {
      if (hubType && !('fields' in node && node.fields)) add('REDEFINES_HUB_TYPE', type, `${type} belongs to the hub`);
      for (const field of node.fields ?? []) {
        const name = field.name.value;
        if (isFederationMachinery(name)) continue;
        const coordinate = `${type}.${name}`;
        if (usesDirective(field as FieldDefinitionNode, 'override'))
          add('TAKES_OVER_FIELD', coordinate, `@override would take ${coordinate} away from its owner`);
        if (hubType?.fields.has(name)) {
          if (!hubType.keys.has(name))
            add(
              'REDEFINES_HUB_FIELD',
              coordinate,
              `${coordinate} belongs to the hub; add fields named ${namespace}… instead`,
            );
          continue;
        }
        const other = otherPrefix(name, false);
        if (other)
          add('TOUCHES_OTHER_LAND', coordinate, `${coordinate} is in the namespace "${other}" of another Land`);
        else if (!new RegExp(`^${namespace}[A-Z]`).test(name))
          add(
            'NAMESPACE_REQUIRED',
            coordinate,
            `${coordinate} must be named ${namespace}… (e.g. ${namespace}${name[0]?.toUpperCase()}${name.slice(1)})`,
          );
      }
      continue;
    }
    const other = otherPrefix(type, true);
    if (other) add('TOUCHES_OTHER_LAND', type, `${type} is in the namespace "${other}" of another Land`);
    else if (!new RegExp(`^${Namespace}[A-Z]`).test(type))
      add('NAMESPACE_REQUIRED', type, `The type ${type} must be named ${Namespace}…`);
  }
  return violations;
}

/** The schema clients see (the supergraph without federation machinery). */
export function apiSchema(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/**
 * Like a schema registry's check: composes the candidate with every other registered subgraph,
 * applies the Land policy, and lists what would break for clients of the current supergraph.
 */
export function checkCandidate(
  candidate: Candidate,
  registry: readonly RegistryEntry[],
  currentSupergraphSdl: string,
): CheckReport {
  const others = registry.filter((e) => e.name !== candidate.name);
  const sources = sourcesOf(others);
  const policyViolations =
    candidate.kind === 'land'
      ? landPolicyViolations(
          candidate,
          sourcesOf(others.filter((e) => (e.kind ?? 'hub') === 'hub')),
          sourcesOf(others.filter((e) => e.kind === 'land')),
        )
      : [];
  const position = registry.findIndex((e) => e.name === candidate.name);
  const candidateSource = { name: candidate.name, url: candidate.url, sdl: candidate.sdl };
  if (position >= 0) sources.splice(position, 0, candidateSource);
  else sources.push(candidateSource);
  const composed = compose(sources);
  const report: CheckReport = {
    ok: false,
    subgraph: candidate.name,
    compositionErrors: composed.ok ? [] : composed.errors,
    policyViolations,
    breakingChanges: [],
    dangerousChanges: [],
    supergraphSdl: composed.ok ? composed.supergraphSdl : null,
  };
  if (composed.ok) {
    const before = apiSchema(currentSupergraphSdl);
    const after = apiSchema(composed.supergraphSdl);
    report.breakingChanges = findBreakingChanges(before, after).map((c) => ({
      type: c.type,
      description: c.description,
    }));
    report.dangerousChanges = findDangerousChanges(before, after).map((c) => ({
      type: c.type,
      description: c.description,
    }));
  }
  report.ok =
    report.compositionErrors.length === 0 && policyViolations.length === 0 && report.breakingChanges.length === 0;
  return report;
}

/** A readable report for people and CI logs. */
export function formatReport(report: CheckReport): string {
  const lines = [`Check of subgraph "${report.subgraph}": ${report.ok ? 'PASSED' : 'FAILED'}`];
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return;
    lines.push('', `${title} (${items.length}):`, ...items.map((i) => `  - ${i}`));
  };
  section('Composition errors', report.compositionErrors);
  section(
    'Not allowed for a Land subgraph',
    report.policyViolations.map((v) => `${v.rule} ${v.coordinate}: ${v.message}`),
  );
  section(
    'Breaking changes for existing clients',
    report.breakingChanges.map((c) => `${c.type}: ${c.description}`),
  );
  section(
    'Changes to watch (not failing)',
    report.dangerousChanges.map((c) => `${c.type}: ${c.description}`),
  );
  return `${lines.join('\n')}\n`;
}
