/**
 * The hostile requests: each kind says what it sends and what a hub fit for the public answers.
 * An answer other than the expected one is reported as such; a 5xx, an INTERNAL_SERVER_ERROR, a
 * leak or a hang is a finding whatever was expected. The report numbers them in this order.
 */
import { CLOSED_SURFACE_KINDS } from './closed-surfaces';
import { HEADER_KINDS } from './headers-and-tokens';
import { INPUT_KINDS } from './inputs';
import type { HostileKind } from './kind';
import { MALFORMED_REQUEST_KINDS } from './malformed-requests';
import { QUERY_SHAPE_KINDS } from './query-shape';
import { SLOW_CONNECTION_KINDS } from './slow-connections';

export const HOSTILE_KINDS: HostileKind[] = [
  ...QUERY_SHAPE_KINDS,
  ...MALFORMED_REQUEST_KINDS,
  ...INPUT_KINDS,
  ...HEADER_KINDS,
  ...CLOSED_SURFACE_KINDS,
  ...SLOW_CONNECTION_KINDS,
];
