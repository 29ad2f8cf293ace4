import {
  FEDERAL_COLUMNS,
  FEDERAL_READ_ONLY,
  REGIONAL_COLUMNS,
  REGIONAL_READ_ONLY,
  type ColumnSpec,
  type ReadOnlyColumn,
} from './columns';

export const KINDS = ['federal', 'regional'] as const;
export type Kind = (typeof KINDS)[number];

/** Everything the tools need to know about one kind of measure. */
export interface KindSpec {
  kind: Kind;
  /** For messages: "federal measures". */
  label: string;
  columns: readonly ColumnSpec[];
  readOnly: readonly ReadOnlyColumn[];
  mutation: string;
  inputType: string;
  listQuery: string;
  outputType: string;
  /** The column that names who owns a row; row errors without a field (FORBIDDEN) point at it. */
  ownerColumn: string;
}

export const KIND_SPECS: Readonly<Record<Kind, KindSpec>> = {
  federal: {
    kind: 'federal',
    label: 'federal measures',
    columns: FEDERAL_COLUMNS,
    readOnly: FEDERAL_READ_ONLY,
    mutation: 'importFederalMeasures',
    inputType: 'FederalMeasureInput',
    listQuery: 'federalMeasures',
    outputType: 'FederalMeasure',
    ownerColumn: 'owner',
  },
  regional: {
    kind: 'regional',
    label: 'regional measures',
    columns: REGIONAL_COLUMNS,
    readOnly: REGIONAL_READ_ONLY,
    mutation: 'importRegionalMeasures',
    inputType: 'RegionalMeasureInput',
    listQuery: 'regionalMeasures',
    outputType: 'RegionalMeasure',
    ownerColumn: 'ars',
  },
};

export function kindSpec(kind: string | undefined): KindSpec {
  if (kind === 'federal' || kind === 'regional') return KIND_SPECS[kind];
  throw new UsageError(`--kind must be ${KINDS.join(' or ')}${kind ? `, not "${kind}"` : ''}`);
}

/** Wrong or missing command-line arguments (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}
