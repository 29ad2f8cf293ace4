/**
 * A seeded table described once: its columns in insert order with their PostgreSQL types, and
 * where each column's value comes from. Both the statement upsertRows sends and the row made of
 * a seed record follow from that one description, so a column cannot be listed in one and
 * forgotten in the other.
 */

export type ColumnType = 'text' | 'text[]' | 'int' | 'boolean' | 'jsonb' | 'double precision';

/** A column the subgraph fills itself: a renamed, derived or defaulted value. */
export interface DerivedColumn<S, V = unknown> {
  type: ColumnType;
  from: (record: S) => V;
}

/**
 * Column name → definition. A column given only its type holds the record's field of the same
 * name in camelCase (`short_title` ← `shortTitle`), NULL where the record leaves the field out.
 */
export type ColumnTable<S> = Readonly<Record<string, ColumnType | DerivedColumn<S>>>;

/** `short_title` → `shortTitle`, the seed file's name of a column's field. */
type FieldName<K extends string> = K extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<FieldName<Tail>>}`
  : K;

function fieldName(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

type FieldValue<S, F> = F extends keyof S ? Exclude<S[F], undefined> | (undefined extends S[F] ? null : never) : never;

/** The row a table makes of a record, typed column by column. */
export type SeedRow<S, C> = {
  -readonly [K in keyof C]: C[K] extends DerivedColumn<S, infer V>
    ? V
    : K extends string
      ? FieldValue<S, FieldName<K>>
      : never;
};

/**
 * Rejects, at compile time, a type-only column whose field the record does not have: TypeScript
 * reports the column as "not assignable to type 'never'".
 */
type FieldsExist<S, C> = {
  [K in keyof C]: C[K] extends ColumnType
    ? K extends string
      ? FieldName<K> extends keyof S
        ? C[K]
        : never
      : never
    : C[K];
};

export interface SeedTable<S, C extends ColumnTable<S>> {
  /** Schema-qualified table, e.g. "federal.measure". */
  table: string;
  /** Column name → PostgreSQL type, in insert order; the first column is the conflict key. */
  columns: Readonly<Record<keyof C & string, ColumnType>>;
  /** See UpsertSpec.keepEdited. */
  keepEdited: boolean;
  /** The row of `record`; validation is the caller's, done before. */
  row: (record: S) => SeedRow<S, C>;
}

/**
 * Describes a seeded table whose rows are made of records of type S. The result is also the
 * UpsertSpec upsertRows takes. Called as `seedTable<Record>()({ … })` so that S is named while
 * the columns' own types are inferred (TypeScript cannot infer only some type arguments).
 */
export function seedTable<S>() {
  return <C extends ColumnTable<S>>(spec: {
    table: string;
    keepEdited: boolean;
    columns: C & FieldsExist<S, C>;
  }): SeedTable<S, C> => {
    const { table, keepEdited } = spec;
    const entries = Object.entries(spec.columns as ColumnTable<S>);
    const types = Object.fromEntries(entries.map(([name, c]) => [name, typeof c === 'string' ? c : c.type]));
    const row = (record: S) => {
      const fields = record as Record<string, unknown>;
      return Object.fromEntries(
        entries.map(([name, c]) => [name, typeof c === 'string' ? (fields[fieldName(name)] ?? null) : c.from(record)]),
      ) as SeedRow<S, C>;
    };
    return { table, columns: types, keepEdited, row } as SeedTable<S, C>;
  };
}
