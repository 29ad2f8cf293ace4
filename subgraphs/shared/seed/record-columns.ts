import type { DirectTargetGroup } from './seed-types';
import type { ColumnType, DerivedColumn } from './seed-table';
import type { TargetGroupCode } from '../catalogue/vocabulary';
import { seedTargetGroups } from './seed-validation';

/** A seed record as it is written: from the seed file (`synthetic: false`) or generated for load tests. */
export type Marked<S> = S & { synthetic: boolean };

/** A record that names its addressees: fine-grained codes for the crosswalk, direct guideline codes. */
interface TargetGroupedSeed {
  id: string;
  detailedTargetGroups: readonly string[];
  additionalTargetGroups?: readonly DirectTargetGroup[];
}

/** `target_groups`, derived (and checked) alike for every kind of record: see seedTargetGroups. */
export const TARGET_GROUPS_COLUMN: DerivedColumn<TargetGroupedSeed, TargetGroupCode[]> = {
  type: 'text[]',
  from: (r) => seedTargetGroups(r.id, r.detailedTargetGroups, r.additionalTargetGroups),
};

/**
 * The columns every catalogue record (measure, research output, exchange format) ends with: the
 * editors' notes, the sources, whether the source calls it verified, and whether it is generated.
 */
export const SOURCED_RECORD_COLUMNS = {
  notes: 'text',
  sources: 'text[]',
  verified: 'boolean',
  synthetic: 'boolean',
} as const satisfies Record<string, ColumnType>;
