/**
 * Schema-driven operations for the fuzz: random selections of the gateway's public schema with
 * random arguments at their edges (empty, huge, negative, long, NUL, non-ASCII), and a share of
 * operations broken on purpose (unknown field, wrong enum, out-of-range Int, missing argument,
 * syntax error, lone surrogate, selection on a scalar). Deterministic from a seed; pure.
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { Random } from './random';

export type Breakage =
  | 'unknown field'
  | 'wrong enum'
  | 'Int out of range'
  | 'missing required argument'
  | 'syntax error'
  | 'lone surrogate'
  | 'selection on a scalar';

export const BREAKAGES: readonly Breakage[] = [
  'unknown field',
  'wrong enum',
  'Int out of range',
  'missing required argument',
  'syntax error',
  'lone surrogate',
  'selection on a scalar',
];

export interface FuzzOperation {
  query: string;
  variables: Record<string, unknown>;
  /** Whether the operation validates against the schema (values may still be refused at run time). */
  valid: boolean;
  /** For an invalid one: how it was broken. */
  breakage?: Breakage;
}

export interface FuzzSettings {
  /** Share of operations broken on purpose. */
  invalidShare: number;
  /** Share of operations on Mutation (sent anonymously: they must be refused, never run). */
  mutationShare: number;
  maxDepth: number;
  maxFieldsPerLevel: number;
}

export const DEFAULT_FUZZ_SETTINGS: FuzzSettings = {
  invalidShare: 0.15,
  mutationShare: 0.05,
  maxDepth: 4,
  maxFieldsPerLevel: 3,
};

const LONG = 'x'.repeat(10_000);
const STRINGS = [
  '',
  'a',
  'Krefeld',
  LONG,
  'NUL\u0000byte',
  '\u0000',
  'ünïcødé – 😀 – 中文',
  "'; --",
  '%00%27',
  '../../x',
];
const IDS = [
  '',
  '0',
  '05114',
  '09',
  '09564',
  'measure:bund:integrationskurs',
  'measure:does-not-exist',
  'NUL\u0000id',
  LONG,
];
const INTS = [0, 1, -1, 3, 50, 2147483647, -2147483648];
const FLOATS = [0, -1.5, 1e308, 3.14];

class Generator {
  private aliasCount = 0;
  private variableCount = 0;
  readonly variables: Record<string, unknown> = {};
  readonly definitions: string[] = [];
  /** Set when a breakage was applied inside the selection. */
  broken: Breakage | undefined;

  constructor(
    private readonly random: Random,
    private readonly schema: GraphQLSchema,
    private readonly settings: FuzzSettings,
    private readonly breakage: Breakage | undefined,
  ) {}

  private alias(force: boolean): string {
    if (!force && !this.random.chance(0.2)) return '';
    this.aliasCount += 1;
    return `a${this.aliasCount}: `;
  }

  /** A JSON value for a variable of `type`, and the literal of the same value. */
  private value(type: GraphQLInputType, depth: number): { json: unknown; literal: string } {
    if (isNonNullType(type)) return this.value(type.ofType, depth);
    if (isListType(type)) {
      const items = Array.from({ length: this.random.int(4) }, () => this.value(type.ofType, depth + 1));
      return { json: items.map((i) => i.json), literal: `[${items.map((i) => i.literal).join(', ')}]` };
    }
    if (isEnumType(type)) {
      if (this.breakage === 'wrong enum' && !this.broken) {
        this.broken = 'wrong enum';
        return { json: 'NOT_A_VALUE', literal: 'NOT_A_VALUE' };
      }
      const value = this.random.pick(type.getValues()).name;
      return { json: value, literal: value };
    }
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields()).filter(
        (f) => isNonNullType(f.type) || (depth < 3 && this.random.chance(0.3)),
      );
      const parts = fields.map((f) => ({ name: f.name, ...this.value(f.type, depth + 1) }));
      return {
        json: Object.fromEntries(parts.map((p) => [p.name, p.json])),
        literal: `{${parts.map((p) => `${p.name}: ${p.literal}`).join(', ')}}`,
      };
    }
    return this.scalar(type.name);
  }

  private scalar(name: string): { json: unknown; literal: string } {
    switch (name) {
      case 'Int': {
        if (this.breakage === 'Int out of range' && !this.broken) {
          this.broken = 'Int out of range';
          return { json: 0, literal: '99999999999999999999' };
        }
        const n = this.random.pick(INTS);
        return { json: n, literal: String(n) };
      }
      case 'Float': {
        const n = this.random.pick(FLOATS);
        return { json: n, literal: String(n) };
      }
      case 'Boolean': {
        const b = this.random.chance(0.5);
        return { json: b, literal: String(b) };
      }
      default: {
        if (this.breakage === 'lone surrogate' && !this.broken) {
          this.broken = 'lone surrogate';
          return { json: 'x', literal: '"\\uD800"' };
        }
        const text = this.random.pick(name === 'ID' ? IDS : STRINGS);
        return { json: text, literal: JSON.stringify(text) };
      }
    }
  }

  private argument(arg: GraphQLArgument): string {
    const { json, literal } = this.value(arg.type, 0);
    // Some arguments travel as variables: the same edge values then pass variable coercion instead of literals.
    if (literal.includes('NOT_A_VALUE') || literal.includes('99999999999999999999') || literal.includes('\\uD800')) {
      return `${arg.name}: ${literal}`;
    }
    if (this.random.chance(0.3)) {
      this.variableCount += 1;
      const name = `v${this.variableCount}`;
      this.definitions.push(`$${name}: ${String(arg.type)}`);
      this.variables[name] = json;
      return `${arg.name}: $${name}`;
    }
    return `${arg.name}: ${literal}`;
  }

  private arguments(field: GraphQLField<unknown, unknown>): string {
    const dropRequired = this.breakage === 'missing required argument' && !this.broken;
    const chosen = field.args.filter((a) => isNonNullType(a.type) || this.random.chance(0.4));
    const kept = chosen.filter((a) => {
      if (dropRequired && isNonNullType(a.type) && a.defaultValue === undefined) {
        this.broken = 'missing required argument';
        return false;
      }
      return true;
    });
    const parts = kept.map((a) => this.argument(a));
    return parts.length > 0 ? `(${parts.join(', ')})` : '';
  }

  private selectionFor(type: GraphQLNamedType, depth: number, inFragment: boolean): string {
    if (isUnionType(type)) {
      const members = type.getTypes();
      const some = members.filter(() => this.random.chance(0.5)).slice(0, 2);
      const fragments = some.map((m) => `... on ${m.name} ${this.selectionFor(m, depth, true)}`);
      return `{ __typename ${fragments.join(' ')} }`;
    }
    if (!isObjectType(type) && !isInterfaceType(type)) return '';
    const atBottom = depth >= this.settings.maxDepth;
    const candidates = Object.values(type.getFields()).filter((f) => {
      const named = getNamedType(f.type);
      return atBottom ? isLeafType(named) && f.args.every((a) => !isNonNullType(a.type)) : true;
    });
    const count = 1 + this.random.int(this.settings.maxFieldsPerLevel);
    const chosen = new Set<GraphQLField<unknown, unknown>>();
    for (let i = 0; i < count && candidates.length > 0; i++) chosen.add(this.random.pick(candidates));
    const parts = ['__typename'].filter(() => chosen.size === 0 || this.random.chance(0.1));
    for (const field of chosen) parts.push(this.field(field, depth, inFragment));
    if (isInterfaceType(type) && this.random.chance(0.3)) {
      const implementations = this.schema.getPossibleTypes(type);
      if (implementations.length > 0) {
        const target = this.random.pick(implementations);
        parts.push(`... on ${target.name} ${this.selectionFor(target, depth, true)}`);
      }
    }
    if (this.breakage === 'unknown field' && !this.broken) {
      this.broken = 'unknown field';
      parts.push('doesNotExistAnywhere');
    }
    return `{ ${parts.join(' ')} }`;
  }

  private field(field: GraphQLField<unknown, unknown>, depth: number, inFragment: boolean): string {
    const named = getNamedType(field.type);
    // Inside a fragment every field gets its own alias, so that two fragments never ask one response
    // key for two differently typed fields (which would not validate).
    const head = `${this.alias(inFragment)}${field.name}${this.arguments(field)}`;
    if (isLeafType(named)) {
      if (this.breakage === 'selection on a scalar' && !this.broken) {
        this.broken = 'selection on a scalar';
        return `${head} { nothing }`;
      }
      return head;
    }
    const selection = this.selectionFor(named, depth + 1, inFragment);
    return `${head} ${selection || '{ __typename }'}`;
  }

  operation(root: GraphQLObjectType, keyword: 'query' | 'mutation'): string {
    const selection = this.selectionFor(root, 1, false);
    const definitions = this.definitions.length > 0 ? `(${this.definitions.join(', ')})` : '';
    return `${keyword} Fuzz${definitions} ${selection}`;
  }
}

function oneOperation(random: Random, schema: GraphQLSchema, settings: FuzzSettings): FuzzOperation {
  const breakage = random.chance(settings.invalidShare) ? random.pick(BREAKAGES) : undefined;
  const mutationType = schema.getMutationType();
  const useMutation = mutationType !== null && mutationType !== undefined && random.chance(settings.mutationShare);
  const root = useMutation ? mutationType : schema.getQueryType();
  if (!root) throw new Error('the schema has no Query type');
  const generator = new Generator(random, schema, settings, breakage === 'syntax error' ? undefined : breakage);
  let query = generator.operation(root, useMutation ? 'mutation' : 'query');
  let applied = generator.broken;
  if (breakage === 'syntax error') {
    // Cutting anywhere before the final brace leaves the braces unbalanced.
    query = query.slice(0, 1 + random.int(query.length - 1));
    applied = 'syntax error';
  } else if (breakage !== undefined && applied === undefined) {
    // The random selection offered no place for this breakage (no enum argument, …): fall back to one that always applies.
    query = query.replace(/\}\s*$/, ' doesNotExistAnywhere }');
    applied = 'unknown field';
  }
  return {
    query,
    variables: generator.variables,
    valid: applied === undefined,
    ...(applied !== undefined ? { breakage: applied } : {}),
  };
}

/** `count` operations from `seed`: the same arguments give the same operations. */
export function generateOperations(
  schema: GraphQLSchema,
  seed: number,
  count: number,
  settings: FuzzSettings = DEFAULT_FUZZ_SETTINGS,
): FuzzOperation[] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => oneOperation(random, schema, settings));
}
