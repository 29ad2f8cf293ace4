// Runs the Land's subgraph alone: npm run start:land-xx (defaults in land.ts; the rest: land-kit/run-land.ts).
// First: traces (when OTEL_* asks for them) need http and pg patched before anything loads them.
import '../shared/platform/tracing';
import { runLand } from '../shared/land-kit';
import { landXxSubgraph } from './index';

runLand(landXxSubgraph);
