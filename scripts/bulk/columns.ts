/**
 * The columns of an import/export file, one per field of the GraphQL input (successControl is
 * split into three columns). Export writes exactly these columns, so a file exported from the hub
 * can be edited and imported again; read-only columns start with `_` and the importer skips them.
 */
import {
  AREA_CODES,
  COORDINATION_STATUSES,
  FUNDING_METHODS,
  GRUNDANGEBOT_BLOCKS,
  LEVELS,
  MEASURE_TYPES,
  OFFER_STATUSES,
  SUCCESS_CONTROL_STATUSES,
  TARGET_GROUP_CODES,
} from '../../subgraphs/shared/catalogue/vocabulary';

/** Every enum a column can hold, by its GraphQL name (a unit test compares them with the schema). */
export const ENUMS: Readonly<Record<string, readonly string[]>> = {
  MeasureType: MEASURE_TYPES,
  Level: LEVELS,
  Area: AREA_CODES,
  TargetGroupCode: TARGET_GROUP_CODES,
  GrundangebotBlock: GRUNDANGEBOT_BLOCKS,
  OfferStatus: OFFER_STATUSES,
  FundingMethod: FUNDING_METHODS,
  SuccessControlStatus: SUCCESS_CONTROL_STATUSES,
  CoordinationStatus: COORDINATION_STATUSES,
};

export type ValueType =
  | { kind: 'string' }
  | { kind: 'int' }
  | { kind: 'boolean' }
  | { kind: 'enum'; enumName: string }
  | { kind: 'list'; enumName?: string }
  | { kind: 'contacts' }
  | { kind: 'implementers' };

/** A field of a measure as the list query returns it. */
export type OutputItem = Record<string, unknown>;

export interface ColumnSpec {
  /** Header in CSV; for successControl.* the part after the dot is the key in the nested object. */
  name: string;
  /** Field of the GraphQL input type (successControl for the three successControl.* columns). */
  inputField: string;
  type: ValueType;
  /** Field of the output type that export reads, and its selection. */
  outputField: string;
  selection: string;
  /** The value in input shape, from a list item. */
  read(item: OutputItem): unknown;
  /** Only visible to analysts, admins and the owner's editors; export drops them when hidden. */
  internal?: boolean;
  /** An empty cell leaves the field out instead of clearing it (it cannot be cleared). */
  emptyMeansOmit?: boolean;
}

const str = { kind: 'string' } as const;
const int = { kind: 'int' } as const;
const bool = { kind: 'boolean' } as const;
const enumOf = (enumName: string) => ({ kind: 'enum', enumName }) as const;

function plain(name: string, type: ValueType, extra: Partial<ColumnSpec> = {}): ColumnSpec {
  return {
    name,
    inputField: name,
    type,
    outputField: name,
    selection: name,
    read: (item) => item[name] ?? null,
    ...extra,
  };
}

function objectField(item: OutputItem, field: string, key: string): unknown {
  const value = item[field] as Record<string, unknown> | null | undefined;
  return value?.[key] ?? null;
}

function successControlPart(part: 'status' | 'plannedFor' | 'description', type: ValueType): ColumnSpec {
  return {
    name: `successControl.${part}`,
    inputField: 'successControl',
    type,
    outputField: 'successControl',
    selection: 'successControl { status plannedFor description }',
    read: (item) => objectField(item, 'successControl', part),
  };
}

/** Drops null members, so a contact reads back exactly as it was written. */
export function compactObject(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined));
}

/** The fields every measure has, federal or regional, in file order (externalId first). */
function commonHead(): ColumnSpec[] {
  return [
    plain('externalId', str, { read: (item) => item['externalId'] ?? item['id'] ?? null }),
    plain('title', str),
    plain('shortTitle', str),
    plain('summary', str),
    plain('type', enumOf('MeasureType')),
  ];
}

function commonTail(): ColumnSpec[] {
  return [
    plain('implementationLevel', enumOf('Level')),
    plain('areas', { kind: 'list', enumName: 'Area' }),
    plain(
      'targetGroups',
      { kind: 'list', enumName: 'TargetGroupCode' },
      {
        selection: 'targetGroups { code }',
        read: (item) => ((item['targetGroups'] as { code: string }[] | null) ?? []).map((g) => g.code),
      },
    ),
    plain('grundangebot', enumOf('GrundangebotBlock')),
  ];
}

function commonRest(): ColumnSpec[] {
  return [
    plain('legalBasis', { kind: 'list' }),
    plain('languages', { kind: 'list' }),
    plain('status', enumOf('OfferStatus'), { emptyMeansOmit: true }),
    plain('url', str),
    plain('validFrom', str),
    plain('validTo', str),
    plain('minAge', int),
    plain('maxAgeExclusive', int),
    plain('canObligeParticipation', bool),
    plain('obligationEnforcement', str),
    plain('fundingMethod', enumOf('FundingMethod')),
    plain('modelProject', bool),
    plain('testPhaseEndsOn', str),
    plain('scalingPlan', str),
    successControlPart('status', enumOf('SuccessControlStatus')),
    successControlPart('plannedFor', str),
    successControlPart('description', str),
    plain('draft', bool),
    plain('budget', str, { internal: true }),
    plain(
      'contacts',
      { kind: 'contacts' },
      {
        internal: true,
        selection: 'contacts { name role email phone }',
        read: (item) => {
          const contacts = item['contacts'] as Record<string, unknown>[] | null | undefined;
          return contacts == null ? null : contacts.map(compactObject);
        },
      },
    ),
    plain('coordinationStatus', enumOf('CoordinationStatus'), { internal: true }),
  ];
}

export const FEDERAL_COLUMNS: readonly ColumnSpec[] = [
  ...commonHead(),
  plain('owner', str, { selection: 'owner { code }', read: (item) => objectField(item, 'owner', 'code') }),
  ...commonTail(),
  plain(
    'implementers',
    { kind: 'implementers' },
    {
      selection: 'implementers { name ressort { code } }',
      read: (item) =>
        ((item['implementers'] as { name: string; ressort: { code: string } | null }[] | null) ?? []).map((i) =>
          i.ressort ? { name: i.name, ressort: i.ressort.code } : { name: i.name },
        ),
    },
  ),
  ...commonRest(),
];

export const REGIONAL_COLUMNS: readonly ColumnSpec[] = [
  ...commonHead(),
  {
    name: 'ars',
    inputField: 'ars',
    type: str,
    outputField: 'place',
    selection: 'place { ars }',
    read: (item) => objectField(item, 'place', 'ars'),
  },
  plain('responsible', str),
  plain('partners', { kind: 'list' }),
  ...commonTail(),
  {
    name: 'parentFederalMeasure',
    inputField: 'parentFederalMeasure',
    type: str,
    outputField: 'parentFederalMeasure',
    selection: 'parentFederalMeasure { id }',
    read: (item) => objectField(item, 'parentFederalMeasure', 'id'),
  },
  {
    name: 'parentRegionalMeasure',
    inputField: 'parentRegionalMeasure',
    type: str,
    outputField: 'parentRegionalMeasure',
    selection: 'parentRegionalMeasure { id }',
    read: (item) => objectField(item, 'parentRegionalMeasure', 'id'),
  },
  ...commonRest(),
];

/** A read-only column of the export (`_id`, `_version`, …); the importer skips every `_` column. */
export interface ReadOnlyColumn {
  name: string;
  outputField: string;
  selection: string;
  read(item: OutputItem): unknown;
}

function readOnly(field: string, selection = field, read?: (item: OutputItem) => unknown): ReadOnlyColumn {
  return { name: `_${field}`, outputField: field, selection, read: read ?? ((item) => item[field] ?? null) };
}

export const FEDERAL_READ_ONLY: readonly ReadOnlyColumn[] = [
  readOnly('id'),
  readOnly('version'),
  readOnly('updatedAt'),
  readOnly('lastReviewedAt'),
  readOnly('reviewDue'),
];

export const REGIONAL_READ_ONLY: readonly ReadOnlyColumn[] = [
  readOnly('id'),
  readOnly('version'),
  readOnly('level'),
  readOnly('land', 'land { ars }', (item) => objectField(item, 'land', 'ars')),
  readOnly('updatedAt'),
  readOnly('lastReviewedAt'),
  readOnly('reviewDue'),
];

/** The columns of a file, by name; successControl.* columns belong to one input field. */
export function columnByName(columns: readonly ColumnSpec[], name: string): ColumnSpec | undefined {
  const wanted = name.trim().toLowerCase();
  return columns.find((c) => c.name.toLowerCase() === wanted);
}
